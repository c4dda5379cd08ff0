-- Devices and the credential each one authenticates with. A device has exactly one credential:
-- a PSK (identity and key) or a raw public key (DER SubjectPublicKeyInfo).
create table devices (
    id         text        primary key,
    enabled    boolean     not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table device_credentials (
    device_id    text        primary key references devices (id) on delete cascade,
    kind         text        not null check (kind in ('psk', 'rpk')),
    psk_identity text,
    psk_key      bytea,
    public_key   bytea,
    created_at   timestamptz not null default now(),
    check ((kind = 'psk' and psk_identity is not null and psk_key is not null
                and public_key is null)
        or (kind = 'rpk' and public_key is not null
                and psk_identity is null and psk_key is null))
);

create unique index device_credentials_psk_identity
    on device_credentials (psk_identity) where psk_identity is not null;
create unique index device_credentials_public_key
    on device_credentials (public_key) where public_key is not null;

-- Readings are kept when their device is deleted, so there is no foreign key; it would also
-- cost a lookup on every inserted row.
create table readings (
    device_id   text             not null,
    name        text             not null,
    time        timestamptz      not null,
    num_value   double precision,
    str_value   text,
    bool_value  boolean,
    data_value  bytea,
    sum_value   double precision,
    unit        text,
    received_at timestamptz      not null
);

create index readings_device_time on readings (device_id, time desc);
create index readings_device_name_time on readings (device_id, name, time desc);

create table rejected_datagrams (
    id           bigint      generated always as identity primary key,
    device_id    text        not null,
    received_at  timestamptz not null,
    code         text        not null,
    reason       text        not null,
    payload      bytea       not null,
    payload_size integer     not null
);

create index rejected_datagrams_device_time on rejected_datagrams (device_id, received_at desc);

-- One row per datagram that carried a message id, so that a retransmission on the same DTLS
-- session is recognised and stored once. Rows older than the replay window are purged.
create table datagram_receipts (
    device_id   text        not null,
    session_id  text        not null,
    message_id  bigint      not null,
    received_at timestamptz not null,
    primary key (device_id, session_id, message_id)
);

create index datagram_receipts_received_at on datagram_receipts (received_at);

-- The server's own key pair for raw public key handshakes, generated at first start when no
-- key file is configured, so that every instance and every restart presents the same key.
create table server_keys (
    name       text        primary key,
    key_pem    text        not null,
    created_at timestamptz not null default now()
);
