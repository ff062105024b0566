//! Numeral parsing and scanning. In: a numeral string (Arabic `1,234.5`, Chinese
//! `一千二百三十四` / `两百` / `二〇二六` / `零点五`, or mixed `63万` / `1.2亿` / `3千万`),
//! or a text plus a byte offset for the scanners. Out: the numeric value as a finite
//! `f64` (`None` when the string is not a numeral or the value is not finite), and for
//! the scanners the byte offset where the numeral run ends. Shared by `date` and `figure`.

use std::sync::LazyLock;

use super::lexicon::CharSet;

/// Value of a single Chinese digit character (`两` counts as 2, `〇`/`零` as 0).
#[inline]
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a Chinese multiplier character (十 百 千 万 亿).
#[inline]
pub fn cn_unit(c: char) -> Option<f64> {
    Some(match c {
        '十' | '拾' => 10.0,
        '百' | '佰' => 100.0,
        '千' | '仟' => 1000.0,
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        _ => return None,
    })
}

/// True for characters that can be part of a Chinese numeral run.
#[inline]
pub fn is_cn_num_char(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// The characters a number starts with: ASCII digits and [`is_cn_num_char`], as a set
/// for [`CharSet::find_in`] scans.
pub(crate) static NUMERAL_START: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new((0..0x1_0000u32).filter_map(char::from_u32).filter(|&c| c.is_ascii_digit() || is_cn_num_char(c)))
});

/// Parse an Arabic numeral: optional sign, digits with optional `,` thousands groups
/// (validated), optional decimal part. Non-finite results are rejected.
pub fn parse_arabic(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() {
        return None;
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if int.contains(',') {
        let mut first = true;
        for g in int.split(',') {
            let ok =
                g.bytes().all(|b| b.is_ascii_digit()) && if first { (1..=3).contains(&g.len()) } else { g.len() == 3 };
            if !ok {
                return None;
            }
            first = false;
        }
    } else if !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: f64 = if s.contains(',') {
        s.chars().filter(|&c| c != ',').collect::<String>().parse().ok()?
    } else {
        s.parse().ok()?
    };
    v.is_finite().then_some(v)
}

/// Parse a numeral string: Arabic (with `,` separators, decimals), Chinese
/// (一千二百三十四, 两百, 二〇二六, 十五, 零点五, 三万五 = 35000), mixed (63万, 1.2亿, 3千万).
/// `None` if not a number or not finite.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.is_ascii() {
        return parse_arabic(s);
    }
    // Tokenise: Arabic runs become one digit token, Chinese digits/units/点 tokens.
    #[derive(Clone, Copy, PartialEq)]
    enum T {
        D(f64, bool), // value, is_zero_char
        U(f64),
        Point,
    }
    // One token per character at most.
    let mut toks: Vec<T> = Vec::with_capacity(s.len());
    let mut arabic_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == ',' || (c == '.' && arabic_start.is_some()) {
            if arabic_start.is_none() {
                arabic_start = Some(i);
            }
            continue;
        }
        if let Some(a) = arabic_start.take() {
            toks.push(T::D(parse_arabic(s.get(a..i)?)?, false));
        }
        if let Some(d) = cn_digit(c) {
            toks.push(T::D(d as f64, d == 0));
        } else if let Some(u) = cn_unit(c) {
            toks.push(T::U(u));
        } else if c == '点' {
            toks.push(T::Point);
        } else {
            return None;
        }
    }
    if let Some(a) = arabic_start {
        toks.push(T::D(parse_arabic(s.get(a..)?)?, false));
    }
    let has_unit_or_point = toks.iter().any(|t| !matches!(t, T::D(..)));
    if !has_unit_or_point {
        // Positional digits (二〇二六): only Chinese digit chars, no 两; at least 3 digits
        // or containing a zero, so that 三四 (an approximate range) is not a number.
        if toks.len() == 1 {
            return match toks.first() {
                Some(T::D(v, _)) => Some(*v),
                _ => None,
            };
        }
        if s.contains('两') || !s.chars().all(|c| cn_digit(c).is_some()) {
            return None;
        }
        if toks.len() < 3 && !s.contains(['〇', '零']) {
            return None;
        }
        let mut v = 0f64;
        for c in s.chars() {
            v = v * 10.0 + cn_digit(c)? as f64;
        }
        return v.is_finite().then_some(v);
    }
    let mut total = 0f64; // completed 亿 groups (and 万 groups added in)
    let mut section = 0f64; // below 万
    let mut digit: Option<f64> = None;
    let mut zero_seen = false; // a 零 since the last unit
    let mut last_unit: Option<f64> = None; // unit directly before the current digit
    let mut seen_any = false;
    let mut i = 0;
    while let Some(&t) = toks.get(i) {
        match t {
            T::D(v, is_zero) => {
                if digit.is_some() && !is_zero {
                    return None;
                }
                if is_zero {
                    zero_seen = true;
                    digit = None;
                    last_unit = None;
                } else {
                    digit = Some(v);
                }
                seen_any = true;
            }
            T::Point => {
                // decimal digits follow
                let int_part = digit.unwrap_or(0.0);
                if digit.is_none() && !zero_seen {
                    return None;
                }
                let mut frac = 0f64;
                let mut scale = 0.1f64;
                let mut any = false;
                while let Some(T::D(v, _)) = toks.get(i + 1) {
                    if *v >= 10.0 || v.fract() != 0.0 {
                        return None;
                    }
                    frac += v * scale;
                    scale /= 10.0;
                    any = true;
                    i += 1;
                }
                if !any {
                    return None;
                }
                digit = Some(int_part + frac);
                zero_seen = false;
                last_unit = None;
            }
            T::U(u) => {
                if u < 1e4 {
                    let d = match digit {
                        Some(d) => d,
                        None if u == 10.0 && (zero_seen || !seen_any || section == 0.0) => 1.0,
                        None => return None,
                    };
                    section += d * u;
                } else {
                    let v = section + digit.unwrap_or(0.0);
                    if v == 0.0 && !(u == 1e8 && total > 0.0) {
                        return None;
                    }
                    if u == 1e8 {
                        total = (total + v) * 1e8;
                    } else {
                        total += v * 1e4;
                    }
                    section = 0.0;
                }
                digit = None;
                zero_seen = false;
                last_unit = Some(u);
                seen_any = true;
            }
        }
        i += 1;
    }
    let mut tail = digit.unwrap_or(0.0);
    if let (Some(d), Some(u)) = (digit, last_unit) {
        // abbreviated tail: 一千二 = 1200, 三万五 = 35000 (十五: 十 → factor 1)
        if d < 10.0 {
            tail = d * (u / 10.0);
        }
    }
    let v = total + section + tail;
    v.is_finite().then_some(v)
}

/// End of the Arabic numeral starting at `p` (digits, `,` followed by exactly three
/// digits, one `.` followed by digits). Returns `p` when no digit is at `p`.
pub fn scan_arabic(s: &str, p: usize) -> usize {
    let b = s.as_bytes();
    let mut i = p;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == p {
        return p;
    }
    // thousands groups
    loop {
        if b.get(i) == Some(&b',')
            && b.get(i + 1..i + 4).is_some_and(|g| g.iter().all(|x| x.is_ascii_digit()))
            && !b.get(i + 4).is_some_and(|x| x.is_ascii_digit())
        {
            i += 4;
        } else {
            break;
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(|x| x.is_ascii_digit()) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    i
}

/// End of the run of ASCII digits starting at `p` (no separators).
pub fn scan_digits(s: &str, p: usize) -> usize {
    let b = s.as_bytes();
    let mut i = p;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// End of the run of Chinese numeral characters starting at `p`; `点` is included
/// when it is followed by a Chinese digit (零点五).
pub fn scan_cn(s: &str, p: usize) -> usize {
    let mut end = p;
    let rest = match s.get(p..) {
        Some(r) => r,
        None => return p,
    };
    let mut it = rest.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_cn_num_char(c) {
            end = p + i + c.len_utf8();
        } else if c == '点' && end > p {
            match it.peek() {
                Some(&(_, n)) if cn_digit(n).is_some() => end = p + i + c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    end
}

// ---- text helpers shared by the date and figure scanners

#[inline]
pub(crate) fn char_at(s: &str, p: usize) -> Option<char> {
    s.get(p..)?.chars().next()
}

pub(crate) fn prev_char(s: &str, p: usize) -> Option<char> {
    s.get(..p)?.chars().next_back()
}

pub(crate) fn lit(s: &str, p: usize, l: &str) -> Option<usize> {
    // byte comparison with a first-byte fast reject; a match of a whole UTF-8 literal at
    // a char boundary ends on a char boundary
    let (b, lb) = (s.as_bytes(), l.as_bytes());
    if b.get(p) != lb.first() {
        return None;
    }
    (b.get(p..p + lb.len())? == lb).then_some(p + lb.len())
}

pub(crate) fn lit_any(s: &str, p: usize, ls: &[&str]) -> Option<usize> {
    ls.iter().filter_map(|l| lit(s, p, l)).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9 * b.abs().max(1.0))
    }

    #[test]
    fn arabic() {
        assert!(close(parse_number("1,000"), 1000.0));
        assert!(close(parse_number("14398.99"), 14398.99));
        assert!(close(parse_number("1,234,567.5"), 1234567.5));
        assert_eq!(parse_number("1,00"), None);
        assert_eq!(parse_number("12,3456"), None);
        assert_eq!(parse_number("1."), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("abc"), None);
        let big = "9".repeat(100_000);
        assert_eq!(parse_number(&big), None);
    }

    #[test]
    fn chinese() {
        for (s, v) in [
            ("一千二百三十四", 1234.0),
            ("两百", 200.0),
            ("二〇二六", 2026.0),
            ("一九九九", 1999.0),
            ("十五", 15.0),
            ("二十", 20.0),
            ("零点五", 0.5),
            ("三点一二", 3.12),
            ("一千零五", 1005.0),
            ("一千零十", 1010.0),
            ("一万二千", 12000.0),
            ("三万五", 35000.0),
            ("一千二", 1200.0),
            ("一亿二千万", 120_000_000.0),
            ("五万亿", 5e12),
            ("一百二十万", 1_200_000.0),
            ("十万", 100_000.0),
            ("九", 9.0),
        ] {
            assert!(close(parse_number(s), v), "{s} -> {:?}", parse_number(s));
        }
        assert_eq!(parse_number("三四"), None);
        assert_eq!(parse_number("十四五"), None);
        assert_eq!(parse_number("千万"), None);
        assert_eq!(parse_number("万一"), None);
        assert_eq!(parse_number("百"), None);
    }

    #[test]
    fn mixed() {
        assert!(close(parse_number("63万"), 630000.0));
        assert!(close(parse_number("1.2亿"), 1.2e8));
        assert!(close(parse_number("3千万"), 3e7));
        assert!(close(parse_number("1,200万"), 1.2e7));
    }

    #[test]
    fn scanners() {
        let s = "建设规模达14398.99平方米";
        let p = s.find('1').unwrap();
        assert_eq!(&s[p..scan_arabic(s, p)], "14398.99");
        let s = "共1,000,000元,2,3";
        let p = s.find('1').unwrap();
        assert_eq!(&s[p..scan_arabic(s, p)], "1,000,000");
        let s = "零点五倍";
        assert_eq!(&s[..scan_cn(s, 0)], "零点五");
        let s = "三点钟";
        assert_eq!(&s[..scan_cn(s, 0)], "三");
    }
}
