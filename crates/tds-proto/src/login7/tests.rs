use bytes::BytesMut;

use super::*;

fn sample(version: u32) -> Login7 {
    Login7 {
        tds_version: version,
        packet_size: 4096,
        client_prog_version: 7,
        client_pid: 1234,
        option_flags1: 0xE0,
        option_flags2: OPTION2_ODBC,
        host_name: "host".into(),
        user_name: "ana@example.com".into(),
        password: Password::new("pat_Grüße"),
        app_name: "tsql".into(),
        server_name: "127.0.0.1".into(),
        library_name: "DB-Library".into(),
        language: "us_english".into(),
        database: "Stripe1".into(),
        client_id: [1, 2, 3, 4, 5, 6],
        ..Login7::default()
    }
}

#[test]
fn round_trips_a_74_login_with_features() {
    let mut login = sample(0x7400_0004);
    login.features = vec![FeatureRequest {
        id: feature::UTF8_SUPPORT,
        data_len: 0,
    }];
    let mut buf = BytesMut::new();
    login.encode(&mut buf);
    let decoded = Login7::decode(&buf).unwrap();
    login.option_flags3 |= OPTION3_EXTENSION;
    assert_eq!(decoded, login);
    assert!(decoded.requests_feature(feature::UTF8_SUPPORT));
    assert_eq!(decoded.password.expose(), "pat_Grüße");
}

#[test]
fn decodes_a_71_login_with_the_short_fixed_part() {
    let login = sample(0x7100_0001);
    let mut buf = BytesMut::new();
    login.encode(&mut buf);
    // The first string starts right after the 86-byte fixed part.
    assert_eq!(u16::from_le_bytes([buf[36], buf[37]]), 86);
    let decoded = Login7::decode(&buf).unwrap();
    assert_eq!(decoded.user_name, "ana@example.com");
    assert_eq!(decoded.database, "Stripe1");
    assert!(decoded.features.is_empty());
}

#[test]
fn exact_fixed_part_bytes() {
    let mut buf = BytesMut::new();
    Login7 {
        tds_version: 0x7400_0004,
        user_name: "a".into(),
        password: Password::new("b"),
        ..Login7::default()
    }
    .encode(&mut buf);
    assert_eq!(buf.len(), 94 + 4);
    assert_eq!(&buf[0..8], &[98, 0, 0, 0, 0x04, 0, 0, 0x74]);
    // UserName at 94, 1 char; Password at 96, 1 char: 'b' = 0x62 → 0x26 ^ 0xA5 = 0x83.
    assert_eq!(&buf[40..48], &[94, 0, 1, 0, 96, 0, 1, 0]);
    assert_eq!(&buf[94..], &[b'a', 0, 0x83, 0xA5]);
    let decoded = Login7::decode(&buf).unwrap();
    assert_eq!(decoded.password.expose(), "b");
    assert_eq!(format!("{decoded:?}").matches("<redacted>").count(), 2);
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let mut login = sample(0x7400_0004);
    login.features = vec![FeatureRequest {
        id: 0x0A,
        data_len: 1,
    }];
    let mut buf = BytesMut::new();
    login.encode(&mut buf);
    for n in 0..buf.len() {
        let mut cut = buf[..n].to_vec();
        if n >= 4 {
            // Keep the declared length consistent so field checks (not the length) must catch it.
            cut[0..4].copy_from_slice(&(n as u32).to_le_bytes());
        }
        let _ = Login7::decode(&cut);
    }
    assert!(Login7::decode(&buf[..50]).is_err());
}

#[test]
fn out_of_range_offsets_are_rejected() {
    let mut buf = BytesMut::new();
    sample(0x7400_0004).encode(&mut buf);
    let mut bad = buf.to_vec();
    bad[40] = 0xFF;
    bad[41] = 0xFF;
    assert!(Login7::decode(&bad).is_err());
    let mut bad = buf.to_vec();
    bad[0] = 0xFF;
    bad[1] = 0xFF;
    assert!(Login7::decode(&bad).is_err());
}

#[test]
fn redaction_zeroes_only_the_password() {
    let mut buf = BytesMut::new();
    sample(0x7400_0004).encode(&mut buf);
    let mut raw = buf.to_vec();
    Login7::redact_passwords(&mut raw);
    let decoded = Login7::decode(&raw).unwrap();
    assert_ne!(decoded.password.expose(), "pat_Grüße");
    assert_eq!(decoded.user_name, "ana@example.com");
    let pw_off = usize::from(u16::from_le_bytes([raw[44], raw[45]]));
    let pw_len = usize::from(u16::from_le_bytes([raw[46], raw[47]])) * 2;
    assert!(raw[pw_off..pw_off + pw_len].iter().all(|&b| b == 0));
}
