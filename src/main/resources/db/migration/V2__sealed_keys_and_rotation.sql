-- PSKs are kept sealed (AES-256-GCM) under a key-encryption key named by kek_id, so that a copy
-- of the database alone yields no usable key. No release stored plaintext keys; should a
-- database hold any, the constraint below fails this migration instead of losing them.
alter table device_credentials add column psk_key_sealed bytea;
alter table device_credentials add column kek_id text;
alter table device_credentials drop constraint device_credentials_check;
alter table device_credentials drop column psk_key;
alter table device_credentials add constraint device_credentials_shape check (
    (kind = 'psk' and psk_identity is not null and psk_key_sealed is not null
        and kek_id is not null and public_key is null)
    or (kind = 'rpk' and public_key is not null
        and psk_identity is null and psk_key_sealed is null and kek_id is null));

-- During a rotation a device holds its current credential and the next one; both authenticate
-- until the next is promoted, by the operator or when promote_at passes.
alter table device_credentials drop constraint device_credentials_pkey;
alter table device_credentials
    add column slot text not null default 'current' check (slot in ('current', 'next'));
alter table device_credentials add column promote_at timestamptz;
alter table device_credentials add primary key (device_id, slot);
alter table device_credentials add constraint device_credentials_promotion
    check ((slot = 'next') = (promote_at is not null));

create index device_credentials_promote_at
    on device_credentials (promote_at) where promote_at is not null;
