package io.llmcm.core;

/**
 * A key needed to seal or open secrets is missing, wrong or unusable: no master key file, a
 * master key that does not match the store, a passphrase that derives the wrong key, a ciphertext
 * that does not open under its key and address. The message says which and never holds key
 * material.
 */
public final class KeyException extends LlmcmException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.ERROR;
    }
}
