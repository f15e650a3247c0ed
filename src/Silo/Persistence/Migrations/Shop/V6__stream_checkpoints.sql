-- Where each stream provider's silos have read each event-hub partition up to (Orleans:Streams=EventHubs): a silo
-- taking a partition over resumes there. One row per provider, hub, consumer group and partition.
CREATE TABLE IF NOT EXISTS eshop_stream_checkpoints
(
    provider       varchar(150) NOT NULL,
    hub            varchar(256) NOT NULL,
    consumer_group varchar(256) NOT NULL,
    partition_id   varchar(64)  NOT NULL,
    stream_offset  varchar(64)  NOT NULL,
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, hub, consumer_group, partition_id)
);
