//! Bytes of a file in, text out, or the reason why not: UTF-8 with or without BOM,
//! UTF-16 (with a BOM, or plainly recognisable), GB18030/GBK. Valid UTF-8 with stray
//! control characters is text; a file cut off in the middle of a UTF-8 character loses
//! only that last character. Empty and binary files are errors.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::error::InputError;

/// How the bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Gb18030,
}

/// Decode a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, Encoding::Utf8));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF { UTF_16LE } else { UTF_16BE };
        let body = &bytes[2..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            // Truncated in the middle of a code unit or of a surrogate pair: drop the
            // broken end (at most half a pair and half a code unit).
            for cut in 1..=3.min(body.len()) {
                let (text, again) = enc.decode_without_bom_handling(&body[..body.len() - cut]);
                if !again {
                    return checked(text.into_owned(), Encoding::Utf16);
                }
            }
            return Err(InputError::Undecodable("invalid UTF-16".into()));
        }
        return checked(text.into_owned(), Encoding::Utf16);
    }
    if let Some(enc) = looks_utf16(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return checked(text.into_owned(), Encoding::Utf16);
        }
    }
    match utf8(bytes) {
        Ok(s) => Ok((s, Encoding::Utf8)),
        Err(InputError::Binary) => Err(InputError::Binary),
        Err(_) => {
            if bytes.contains(&0) {
                // Chinese UTF-16 without a BOM has few zero bytes (only in line ends and
                // ASCII), too few for `looks_utf16`, but all on one side.
                return chinese_utf16(bytes).ok_or(InputError::Binary);
            }
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                // One broken character at the very end (a cut file) is tolerated: up to
                // three bytes of a four-byte sequence.
                for cut in 1..=3.min(bytes.len().saturating_sub(1)) {
                    let (text2, again) = GB18030.decode_without_bom_handling(&bytes[..bytes.len() - cut]);
                    if !again {
                        return gb_text(text2.into_owned());
                    }
                }
                return Err(if control_share(bytes) > 0.1 {
                    InputError::Binary
                } else {
                    InputError::Undecodable("neither UTF-8, UTF-16 nor GB18030".into())
                });
            }
            gb_text(text.into_owned())
        }
    }
}

/// GB18030 decodes almost any byte string; accept it only when it reads as Chinese text.
fn gb_text(text: String) -> Result<(String, Encoding), InputError> {
    let han = text.chars().filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF)).count();
    let odd = text
        .chars()
        .filter(|c| (c.is_control() && !c.is_whitespace()) || matches!(*c as u32, 0xE000..=0xF8FF | 0x10000..))
        .count();
    let total = text.chars().count().max(1);
    if han * 3 < total || odd * 20 > total {
        return Err(InputError::Binary);
    }
    checked(text, Encoding::Gb18030)
}

fn utf8(bytes: &[u8]) -> Result<String, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => checked(s.to_string(), Encoding::Utf8).map(|(s, _)| s),
        Err(e) if e.error_len().is_none() => {
            // Cut off in the middle of a character: keep what is whole.
            let valid = &bytes[..e.valid_up_to()];
            let s = std::str::from_utf8(valid).map_err(|e| InputError::Undecodable(e.to_string()))?;
            checked(s.to_string(), Encoding::Utf8).map(|(s, _)| s)
        }
        Err(e) => Err(InputError::Undecodable(format!("invalid UTF-8 at byte {}", e.valid_up_to()))),
    }
}

/// Text is binary when control characters (other than white space) make up much of it.
fn checked(text: String, enc: Encoding) -> Result<(String, Encoding), InputError> {
    let total = text.chars().count();
    if total == 0 || text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    let control = text.chars().filter(|c| c.is_control() && !c.is_whitespace()).count();
    if control * 10 > total * 3 {
        return Err(InputError::Binary);
    }
    Ok((text, enc))
}

fn control_share(bytes: &[u8]) -> f64 {
    let n = bytes.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')).count();
    n as f64 / bytes.len().max(1) as f64
}

/// UTF-16 without a BOM whose zero bytes stand mostly on one side (the high bytes of line
/// ends and ASCII; a character such as 开 U+5F00 puts one on the other side), accepted only
/// when it decodes cleanly and reads as Chinese text.
fn chinese_utf16(bytes: &[u8]) -> Option<(String, Encoding)> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let enc = match odd.cmp(&even) {
        std::cmp::Ordering::Greater => UTF_16LE,
        std::cmp::Ordering::Less => UTF_16BE,
        std::cmp::Ordering::Equal => return None,
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    let han = text.chars().filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF)).count();
    let plain =
        text.chars().filter(|c| crate::normalize::is_cjk(*c) || c.is_ascii_graphic() || c.is_whitespace()).count();
    let total = text.chars().count().max(1);
    if han * 2 < total || plain * 10 < total * 9 {
        return None;
    }
    checked(text.into_owned(), Encoding::Utf16).ok()
}

/// UTF-16 without a BOM: many zero bytes, all at even or all at odd positions.
fn looks_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 4 && even == 0 {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_usual_encodings() {
        assert_eq!(decode("中文".as_bytes()).unwrap().0, "中文");
        assert_eq!(decode(b"\xEF\xBB\xBF\xE4\xB8\xAD").unwrap().0, "中");
        let (gb, _, _) = GB18030.encode("通辽市委召开会议，强调要深入学习。");
        assert_eq!(decode(&gb).unwrap(), ("通辽市委召开会议，强调要深入学习。".to_string(), Encoding::Gb18030));
        let mut u16 = vec![0xFF, 0xFE];
        for u in "通辽".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap().0, "通辽");
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode(b""), Err(InputError::Empty));
        assert_eq!(decode(b"  \n "), Err(InputError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), Err(InputError::Binary));
        assert_eq!(decode(&[0u8; 100]), Err(InputError::Binary));
        let elf: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 256) as u8).collect();
        assert!(decode(&elf).is_err());
    }

    #[test]
    fn keeps_text_with_stray_controls_and_cut_ends() {
        assert_eq!(decode("中国\u{0}文字".as_bytes()).unwrap().0, "中国\u{0}文字");
        let mut cut = "通辽市".as_bytes().to_vec();
        cut.pop();
        assert_eq!(decode(&cut).unwrap().0, "通辽");
    }

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn cut_utf16_and_gb18030_lose_only_the_last_character() {
        // Regression: a UTF-16 file cut inside a surrogate pair, or a GB18030 file cut
        // inside a four-byte character, was rejected as undecodable.
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(utf16le("通辽😀"));
        for cut in 1..=3 {
            assert_eq!(decode(&u16[..u16.len() - cut]).unwrap().0, "通辽", "cut {cut}");
        }
        let (gb, _, _) = GB18030.encode("通辽市委召开会议😀");
        for cut in 1..=3 {
            assert_eq!(decode(&gb[..gb.len() - cut]).unwrap(), ("通辽市委召开会议".to_string(), Encoding::Gb18030));
        }
        // A broken end does not make bytes that do not read as Chinese text pass.
        let noise: Vec<u8> = b"\xA4\xA2\xA5\xA2".repeat(500).into_iter().chain([0x81]).collect(); // kana, then half a character
        assert!(decode(&noise).is_err());
    }

    #[test]
    fn chinese_utf16_without_bom() {
        let text = "通辽市委召开会议，强调要深入学习。\n国务院总理李强在北京会见了法国总统。\n";
        assert_eq!(decode(&utf16le(text)).unwrap(), (text.to_string(), Encoding::Utf16));
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be).unwrap(), (text.to_string(), Encoding::Utf16));
    }
}
