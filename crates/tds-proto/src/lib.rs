//! MS-TDS byte formats: packets, PRELOGIN, LOGIN7, requests and response tokens.
