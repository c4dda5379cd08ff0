-- Who owns a device: 'api' for devices registered over the HTTP API, 'file' for devices the
-- devices file created or took over. Only devices owned by the file are disabled when they
-- disappear from it.
alter table devices add column managed_by text not null default 'api'
    check (managed_by in ('api', 'file'));

create index devices_managed_by_file on devices (id) where managed_by = 'file';
