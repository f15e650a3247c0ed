-- EShop: Orleans 10.4.2 ADO.NET providers on PostgreSQL 15+ (invariant "Npgsql").
--
-- The Microsoft.Orleans.{Clustering,Persistence,Reminders}.AdoNet packages ship no SQL. At start-up each
-- provider runs `SELECT QueryKey, QueryText FROM OrleansQuery` and from then on only executes the texts it
-- found there, binding its own parameter names (@DeploymentId, @GrainIdHash, ...) and reading result
-- columns by name. This script is our implementation of that contract, checked against the 10.4.2
-- assemblies (see NOTES.md for every key, its parameters and its result columns).
--
-- Written to be re-runnable: IF NOT EXISTS on tables and indexes, CREATE OR REPLACE on functions, and an
-- upsert for every query text. Needs PostgreSQL 15 (UNIQUE ... NULLS NOT DISTINCT).
--
-- Identifiers are unquoted on purpose: the providers send unquoted SQL (e.g. FROM OrleansQuery), which
-- PostgreSQL folds to lower case. Result columns are aliased with quoted names that are exactly the
-- names the providers ask for.
--
-- Every timestamp is timestamptz: Npgsql binds the providers' DateTime parameters (DbType.DateTime,
-- Kind=Utc) as timestamptz, and reading timestamptz back gives Kind=Utc values again.

-- ---------------------------------------------------------------------------------------------------
-- Query catalogue
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);

-- Helper for the version counters: the providers parse etags as Int32, so a counter that reached
-- int.MaxValue starts again at 1 instead of failing every later write with an integer overflow.
CREATE OR REPLACE FUNCTION orleans_next_version(current_version integer)
    RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT CASE WHEN current_version >= 2147483647 THEN 1 ELSE current_version + 1 END;
$$;

-- ---------------------------------------------------------------------------------------------------
-- Clustering (membership table + gateway list)
-- ---------------------------------------------------------------------------------------------------

-- One row per cluster (the provider calls ClusterId "DeploymentId"). Version is the membership table
-- etag: every membership insert/update must present the version it read and bumps it atomically.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL, -- text form of an IPv4/IPv6 address; the provider parses it back
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL, -- Orleans.Runtime.SiloStatus: 3 = Active, 6 = Dead
    ProxyPort    integer      NULL,     -- gateway port, 0 when the silo is no gateway
    SuspectTimes text         NULL,     -- "silo,time|silo,time" written and parsed by the provider
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    -- Deleting a cluster's version row takes its silo rows with it (DeleteMembershipTableEntriesKey).
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE
);

-- Inserts a silo row, but only if the caller's table version is still current. The version bump comes
-- first so that concurrent writers of one cluster queue on the version row; if the silo row already
-- exists the unique_violation handler undoes the bump, and the caller sees 0 (= false).
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE OrleansMembershipVersionTable
       SET Version = orleans_next_version(Version), Timestamp = now()
     WHERE DeploymentId = p_deployment_id
       AND Version = p_version;
    IF NOT FOUND THEN
        RETURN 0; -- stale table version (or no version row): nothing written
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
         SuspectTimes, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         NULL, p_start_time, p_i_am_alive);
    RETURN 1;
EXCEPTION
    WHEN unique_violation THEN
        RETURN 0; -- the block's changes, including the version bump, are rolled back
END;
$$;

-- Updates a silo row under the same table-version rule as the insert. A missing silo row raises a private
-- SQLSTATE so that the handler rolls the version bump back too.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE OrleansMembershipVersionTable
       SET Version = orleans_next_version(Version), Timestamp = now()
     WHERE DeploymentId = p_deployment_id
       AND Version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
       SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive
     WHERE DeploymentId = p_deployment_id
       AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF NOT FOUND THEN
        RAISE SQLSTATE 'ORL01';
    END IF;
    RETURN 1;
EXCEPTION
    WHEN SQLSTATE 'ORL01' THEN
        RETURN 0;
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created;
$q$),
('InsertMembershipKey', $q$
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$),
-- The heartbeat does not take part in the version protocol; its result is ignored.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
       SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),
-- Both reads start from the version row so that at least one row (carrying Version) always comes back,
-- even for an empty cluster; a NULL StartTime tells the provider that row holds no silo.
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId AS "DeploymentId", m.Address AS "Address", m.Port AS "Port",
           m.Generation AS "Generation", m.SiloName AS "SiloName", m.HostName AS "HostName",
           m.Status AS "Status", m.ProxyPort AS "ProxyPort", m.SuspectTimes AS "SuspectTimes",
           m.StartTime AS "StartTime", m.IAmAliveTime AS "IAmAliveTime", v.Version AS "Version"
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
             ON m.DeploymentId = v.DeploymentId
            AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId AS "DeploymentId", m.Address AS "Address", m.Port AS "Port",
           m.Generation AS "Generation", m.SiloName AS "SiloName", m.HostName AS "HostName",
           m.Status AS "Status", m.ProxyPort AS "ProxyPort", m.SuspectTimes AS "SuspectTimes",
           m.StartTime AS "StartTime", m.IAmAliveTime AS "IAmAliveTime", v.Version AS "Version"
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),
-- Removes the whole cluster: the silo rows go through ON DELETE CASCADE.
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
-- Used by clients (gateway list provider). @Status is SiloStatus.Active.
('GatewaysQueryKey', $q$
    SELECT Address AS "Address", ProxyPort AS "ProxyPort", Generation AS "Generation"
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = @Status
       AND ProxyPort > 0;
$q$),
-- Required by 10.4.2. Runs only when CleanupDefunctSiloEntryKey (below) is absent. @IAmAliveTime is
-- the cutoff. Only dead silos go, and only when both their start and last heartbeat are older.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = 6
       AND IAmAliveTime < @IAmAliveTime
       AND StartTime < @IAmAliveTime;
$q$),
-- Optional in 10.4.2; when present the provider prefers it. The provider reads the table, decides in
-- .NET which rows are defunct (Dead, start and heartbeat and every suspicion vote before the cutoff),
-- then deletes each one with the values it read, so a row that changed in between is left alone.
-- COALESCE: an empty vote list may be stored as '' but is sent back as NULL.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address AND Port = @Port AND Generation = @Generation
       AND Status = 6
       AND StartTime = @StartTime
       AND IAmAliveTime = @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ---------------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      varchar(512) NOT NULL, -- GrainId.ToString(): "<grain type>/<key>", parsed back with GrainId.Parse
    ReminderName varchar(150) NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL, -- milliseconds; read with GetInt64
    GrainHash    integer      NOT NULL, -- GrainId.GetUniformHashCode() as a signed int (ring position)
    Version      integer      NOT NULL, -- the reminder's etag
    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its slice of the hash ring.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = EXCLUDED.StartTime,
           Period    = EXCLUDED.Period,
           GrainHash = EXCLUDED.GrainHash,
           Version   = orleans_next_version(r.Version)
    RETURNING r.Version AS "Version";
$q$),
('ReadReminderRowsKey', $q$
    SELECT GrainId AS "GrainId", ReminderName AS "ReminderName", StartTime AS "StartTime",
           Period AS "Period", Version AS "Version"
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),
('ReadReminderRowKey', $q$
    SELECT GrainId AS "GrainId", ReminderName AS "ReminderName", StartTime AS "StartTime",
           Period AS "Period", Version AS "Version"
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),
-- Ring range (BeginHash, EndHash] that does not wrap in signed order (the provider picks this key when
-- (int)BeginHash < (int)EndHash).
('ReadRangeRows1Key', $q$
    SELECT GrainId AS "GrainId", ReminderName AS "ReminderName", StartTime AS "StartTime",
           Period AS "Period", Version AS "Version"
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),
-- The wrapping range, and the whole ring when BeginHash = EndHash.
('ReadRangeRows2Key', $q$
    SELECT GrainId AS "GrainId", ReminderName AS "ReminderName", StartTime AS "StartTime",
           Period AS "Period", Version AS "Version"
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),
-- Deletes only if the caller's etag is current; the single column is read as a boolean (>0 = deleted).
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
         WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
           AND Version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ---------------------------------------------------------------------------------------------------
-- Grain state storage
-- ---------------------------------------------------------------------------------------------------
-- Row identity, as the 10.4.2 provider sends it:
--   ServiceId        ClusterOptions.ServiceId
--   GrainTypeString  the *state name* of [PersistentState("name", ...)], not the grain type (issue 8746)
--   GrainTypeHash    hash of GrainTypeString
--   GrainIdN0/N1     Guid key (two halves) or 0/long key; 0/0 for string keys
--   GrainIdExtensionString  the key extension, or the whole string key; NULL when there is none
--   GrainIdHash      hash of the key
-- The payload always arrives in PayloadBinary, whatever the serializer: with
-- SystemTextJsonGrainStorageSerializer those bytes are UTF-8 JSON. bytea keeps them byte for byte.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              varchar(150) NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    PayloadBinary          bytea        NULL,     -- NULL after ClearStorageKey: "no record", etag kept
    Version                integer      NOT NULL, -- the etag
    ModifiedOn             timestamptz  NOT NULL DEFAULT now()
);

-- One row per logical identity. This is what makes two racing first writes safe: the loser's INSERT
-- hits the index instead of adding a duplicate row. NULLS NOT DISTINCT makes "no extension" a value.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Identity
    ON OrleansStorage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1,
                       GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

-- Optimistic write. With no etag the caller believes there is no row: insert version 1, or lose to the
-- row that exists. With an etag: update only that version. A NULL result means the caller's etag was
-- stale; the provider then throws InconsistentStateException.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_expected        integer,
    p_payload         bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    v_new integer;
BEGIN
    IF p_expected IS NULL THEN
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1,
             GrainIdExtensionString, PayloadBinary, Version, ModifiedOn)
        VALUES
            (p_service_id, p_grain_type, p_grain_type_hash, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_ext, p_payload, 1, now())
        ON CONFLICT DO NOTHING;
        RETURN CASE WHEN FOUND THEN 1 END;
    END IF;

    -- Under READ COMMITTED a concurrent writer that got here first holds the row lock; once it commits,
    -- PostgreSQL re-checks "Version = p_expected" against its new version and this update finds nothing.
    UPDATE OrleansStorage
       SET PayloadBinary = p_payload,
           Version = orleans_next_version(Version),
           ModifiedOn = now()
     WHERE ServiceId = p_service_id
       AND GrainTypeHash = p_grain_type_hash AND GrainIdHash = p_grain_id_hash
       AND GrainIdN0 = p_grain_id_n0 AND GrainIdN1 = p_grain_id_n1
       AND GrainTypeString = p_grain_type
       AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
       AND Version = p_expected
    RETURNING Version INTO v_new;
    RETURN v_new;
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT PayloadBinary AS "PayloadBinary", Version AS "Version"
      FROM OrleansStorage
     WHERE ServiceId = @ServiceId
       AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('WriteToStorageKey', $q$
    SELECT orleans_storage_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
$q$),
-- DeleteStateOnClear = false (the default): keep the row with no payload and a new version, so the
-- etag sequence never restarts. No row back = stale etag.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           Version = orleans_next_version(Version),
           ModifiedOn = now()
     WHERE ServiceId = @ServiceId
       AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version AS "NewGrainStateVersion";
$q$),
-- DeleteStateOnClear = true. The provider treats an answer equal to the caller's etag (or empty) as a
-- conflict, so a successful delete must answer with some other value: the next version number.
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE ServiceId = @ServiceId
       AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING orleans_next_version(Version) AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
