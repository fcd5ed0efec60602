//! Arrow RecordBatches encoded as TDS COLMETADATA and ROW/NBCROW tokens.
