-- The generated server key is kept sealed (AES-256-GCM) under the key-encryption key, like device
-- PSKs, so that a copy of the database does not let anyone pose as the server to devices that
-- pinned its public key. A key stored in plaintext by an earlier version is sealed at next start.
alter table server_keys alter column key_pem drop not null;
alter table server_keys add column key_sealed bytea;
alter table server_keys add column kek_id text;
alter table server_keys add constraint server_keys_shape check (
    (key_pem is not null and key_sealed is null and kek_id is null)
    or (key_pem is null and key_sealed is not null and kek_id is not null));
