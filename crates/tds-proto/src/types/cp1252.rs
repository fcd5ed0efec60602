//! Windows code page 1252, the code page of `SQL_Latin1_General_CP1_CI_AS` (our only collation),
//! which `varchar` values travel in.

/// Encodes one character as its cp1252 byte; characters the code page lacks become `?`, as SQL
/// Server does when it converts nvarchar to varchar.
pub(crate) fn encode_char(c: char) -> u8 {
    let cp = u32::from(c);
    match cp {
        // ASCII and Latin-1 share cp1252's byte values, except 0x80–0x9F below.
        0x00..=0x7F | 0xA0..=0xFF => cp as u8,
        // The five C1 controls cp1252 leaves undefined map to themselves (Windows "best fit").
        0x81 | 0x8D | 0x8F | 0x90 | 0x9D => cp as u8,
        _ => match c {
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8A,
            '‹' => 0x8B,
            'Œ' => 0x8C,
            'Ž' => 0x8E,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9A,
            '›' => 0x9B,
            'œ' => 0x9C,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            _ => b'?',
        },
    }
}

/// The characters cp1252 puts at 0x80–0x9F; the five undefined bytes map to the C1 controls.
const HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes one cp1252 byte (varchar values clients send in RPC parameters).
pub(crate) fn decode_byte(b: u8) -> char {
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ascii_latin1_and_the_windows_range() {
        assert_eq!(encode_char('A'), b'A');
        assert_eq!(encode_char('ÿ'), 0xFF);
        assert_eq!(encode_char('€'), 0x80);
        assert_eq!(encode_char('Ÿ'), 0x9F);
        assert_eq!(encode_char('\u{0080}'), b'?');
        assert_eq!(encode_char('ā'), b'?');
        assert_eq!(encode_char('𝄞'), b'?');
    }

    #[test]
    fn decoding_inverts_encoding() {
        for b in 0..=255u8 {
            assert_eq!(encode_char(decode_byte(b)), b);
        }
    }
}
