-- Automatic rollback rules (RollbackRule), current state; the log holds their history.
-- rule is MutationCodec.encodeRollbackRule JSON.
CREATE TABLE rollback_rules (
    tenant TEXT NOT NULL,
    name   TEXT NOT NULL,
    rule   BLOB NOT NULL,
    PRIMARY KEY (tenant, name)
);
