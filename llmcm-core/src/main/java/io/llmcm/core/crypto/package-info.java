/**
 * Envelope encryption of secrets, and the keys around it.
 *
 * <pre>
 * KeyProvider ──open──► Kek (file | env | passphrase; versioned; never leaves the process)
 *                        │ wraps
 *                        ▼
 *               TenantKeyring (per tenant: AES-256-GCM DEK versions + ES256 JWT keys; stored wrapped)
 *                        │ seals, binding the full address and metadata as associated data
 *                        ▼
 *               SecretEnvelope (a Value of type SECRET: {"v":1,"dek":…,"ct":…})
 * </pre>
 *
 * Exports and backups use {@link io.llmcm.core.crypto.Recipients} (X25519 HPKE or RSA-OAEP) and
 * {@link io.llmcm.core.crypto.Signatures} (Ed25519) over {@link io.llmcm.core.crypto.PemKeys}.
 * Primitives come from Tink, JCA and (Argon2id only) Bouncy Castle; nothing here is hand-rolled.
 */
package io.llmcm.core.crypto;
