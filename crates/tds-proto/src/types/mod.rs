//! TDS data types: TYPE_INFO [2.2.5.4], [2.2.5.5] and the value encodings ROW and NBCROW carry.
//!
//! Only the nullable ("N") forms are produced: every value encoder takes an `Option` and writes
//! the type's NULL form for `None`, so a result column can always hold NULL.

pub(crate) mod cp1252;
mod numeric;
mod string;
pub(crate) mod temporal;
mod temporal_text;
mod type_info;
mod value_error;

pub use numeric::{put_bitn, put_decimaln, put_floatn, put_guid, put_intn};
pub use string::{
    put_image, put_ntext, put_nvarchar, put_plp_bytes, put_plp_nvarchar, put_varbinary,
    put_varchar, PLP_CHUNK_LEN, PLP_NULL,
};
pub use temporal::{
    put_date, put_datetime, put_datetime2, put_datetimeoffset, put_time, DateTimeParts,
};
pub use temporal_text::{format_date, format_datetime2, format_datetimeoffset, format_time};
pub use type_info::{decimal_value_len, time_value_len, TypeInfo, VarLen};
pub use value_error::ValueError;
