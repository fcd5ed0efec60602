//! Response token encoders [2.2.7]; one token per file. Every encoder appends a whole token to a
//! `BytesMut`, so a buffer of tokens can be cut into packets anywhere.

pub mod colmetadata;
pub mod done;
pub mod envchange;
pub mod featureextack;
pub mod info_error;
pub mod loginack;
pub mod returnstatus;
pub mod returnvalue;
pub mod row;

pub use done::{Done, DoneKind, DoneStatus};
pub use envchange::EnvChange;
pub use featureextack::{encode_feature_ext_ack, FeatureAck};
pub use info_error::InfoError;
pub use loginack::LoginAck;
pub use returnstatus::encode_return_status;
pub use returnvalue::ReturnValue;

/// Token type bytes [2.2.7].
pub mod token_type {
    /// RETURNSTATUS.
    pub const RETURNSTATUS: u8 = 0x79;
    /// COLMETADATA.
    pub const COLMETADATA: u8 = 0x81;
    /// ERROR.
    pub const ERROR: u8 = 0xAA;
    /// INFO.
    pub const INFO: u8 = 0xAB;
    /// RETURNVALUE.
    pub const RETURNVALUE: u8 = 0xAC;
    /// LOGINACK.
    pub const LOGINACK: u8 = 0xAD;
    /// FEATUREEXTACK.
    pub const FEATUREEXTACK: u8 = 0xAE;
    /// ROW.
    pub const ROW: u8 = 0xD1;
    /// NBCROW.
    pub const NBCROW: u8 = 0xD2;
    /// ENVCHANGE.
    pub const ENVCHANGE: u8 = 0xE3;
    /// DONE.
    pub const DONE: u8 = 0xFD;
    /// DONEPROC.
    pub const DONEPROC: u8 = 0xFE;
    /// DONEINPROC.
    pub const DONEINPROC: u8 = 0xFF;
}
