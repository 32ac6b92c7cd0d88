-- The Slurm executor (hrsi-dispatch --executor slurm): per worker flavor (extra_small ...
-- extra_large), the partition and the constraint (node features) its batch jobs ask for, as
-- JSON objects such as {"extra_large": "bigmem"}. Null, or a flavor not named: none (the
-- cluster's default partition, any node). The CPUs and memory asked for are the flavor's own.
alter table hrsi.system_parameters
    add column slurm_partitions jsonb
        check (slurm_partitions is null or jsonb_typeof(slurm_partitions) = 'object'),
    add column slurm_constraints jsonb
        check (slurm_constraints is null or jsonb_typeof(slurm_constraints) = 'object');
alter table hrsi.system_parameters_history
    add column slurm_partitions jsonb,
    add column slurm_constraints jsonb;
