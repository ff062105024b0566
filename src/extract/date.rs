//! Date recogniser. In: one sentence or paragraph of normalised page text and the
//! issue's date `base` (year, month, day) when known. Out: `DateHit`s (byte offsets of
//! each date mention, sorted, non-overlapping) with the value as an ISO 8601 string
//! resolved against `base`, or `None` for vague mentions (近日, 目前 …) and for
//! mentions that need `base` when it is unknown.
//!
//! Value conventions:
//! * day `2026-03-20`, month `2026-03`, year `2026`; periods are ISO intervals
//!   `start/end`: quarters and halves at day precision (`2026-01-01/2026-03-31`),
//!   month ranges at month precision (`2025-12/2026-02`), five-year plans and decades
//!   at year precision (`2026/2030`, `1990/1999`), 上旬/中旬/下旬/月初 at day precision.
//! * 年初 → `YYYY-01`, 年底/年末 → `YYYY-12`, 年中 → `YYYY-06/YYYY-07`; 9月底 → the last day.
//! * deadlines (X前/之前/以前) → `../D`: D is the last day of X when X names a day or
//!   an end (9月底前 → `../2026-09-30`, 年底前 → `../2026-12-31`, 3月20日前 → `../2026-03-20`),
//!   otherwise the day before X starts (6月前 → `../2026-05-31`, 春节前 → the eve).
//! * X以来 / X至今 → `X/..` (open end).
//! * month-day without a year takes base's year; a bare N日 takes the month of the
//!   previous dated mention in the same text, else base's month.
//! * five-year plans follow history: 一五 1953–1957, 二五 1958–1962, then from 三五
//!   (1966–1970) every 5 years (十四五 2021–2025, 十五五 2026–2030).
//! * lunar festivals and 农历 dates use an embedded table for lunar years 2000–2035.
//!
//! Not dates: durations (3天, 四年, 5个月, 提前3日, 20日内), bare numbers (no 年),
//! codes, ordinals. `N年来`/`多年来` are vague dates (value `None`).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::lexicon::{CharSet, PairFilter};
use super::numbers::{char_at, cn_digit, is_cn_num_char, lit, lit_any, parse_number, prev_char, scan_cn, scan_digits};
use super::scan::{Decoded, Region};

/// One date mention: `text[start..end]` is the surface, `value` the ISO 8601 value.
#[derive(Debug, Clone, PartialEq)]
pub struct DateHit {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
}

type Ymd = (i32, u32, u32);

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn dim(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn days_from_civil((y, m, d): Ymd) -> i64 {
    let y = y as i64 - if m <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> Ymd {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + if m <= 2 { 1 } else { 0 }) as i32, m, d)
}

fn add_days(d: Ymd, n: i64) -> Ymd {
    civil_from_days(days_from_civil(d) + n)
}

/// The Monday of the week that holds `d` (1970-01-01 was a Thursday).
fn monday_of(d: Ymd) -> Ymd {
    let days = days_from_civil(d);
    civil_from_days(days - (days + 3).rem_euclid(7))
}

fn fmt_day((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn valid_day(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= dim(y, m)
}

/// Lunar years 2000–2035: (year, month and day of 正月初一, leap month or 0, bit i set
/// when the i-th month of the year — leap month counted in place — has 30 days).
/// Generated with the `lunardate` and `lunar-python` packages (they agree).
const LUNAR: [(i32, u32, u32, u32, u32); 36] = [
    (2000, 2, 5, 0, 0x0693),
    (2001, 1, 24, 4, 0x152b),
    (2002, 2, 12, 0, 0x052b),
    (2003, 2, 1, 0, 0x0a5b),
    (2004, 1, 22, 2, 0x155a),
    (2005, 2, 9, 0, 0x056a),
    (2006, 1, 29, 7, 0x1b55),
    (2007, 2, 18, 0, 0x0ba4),
    (2008, 2, 7, 0, 0x0b49),
    (2009, 1, 26, 5, 0x1a93),
    (2010, 2, 14, 0, 0x0a95),
    (2011, 2, 3, 0, 0x052d),
    (2012, 1, 23, 4, 0x0aad),
    (2013, 2, 10, 0, 0x0ab5),
    (2014, 1, 31, 9, 0x15aa),
    (2015, 2, 19, 0, 0x05d2),
    (2016, 2, 8, 0, 0x0da5),
    (2017, 1, 28, 6, 0x1d4a),
    (2018, 2, 16, 0, 0x0d4a),
    (2019, 2, 5, 0, 0x0c95),
    (2020, 1, 25, 4, 0x152e),
    (2021, 2, 12, 0, 0x0556),
    (2022, 2, 1, 0, 0x0ab5),
    (2023, 1, 22, 2, 0x15b2),
    (2024, 2, 10, 0, 0x06d2),
    (2025, 1, 29, 6, 0x0ea5),
    (2026, 2, 17, 0, 0x0725),
    (2027, 2, 6, 0, 0x064b),
    (2028, 1, 26, 5, 0x0c97),
    (2029, 2, 13, 0, 0x0cab),
    (2030, 2, 3, 0, 0x055a),
    (2031, 1, 23, 3, 0x0ad6),
    (2032, 2, 11, 0, 0x0b69),
    (2033, 1, 31, 11, 0x1752),
    (2034, 2, 19, 0, 0x0b52),
    (2035, 2, 8, 0, 0x0b25),
];

/// Gregorian date of lunar (year, month, day); `leap` selects the leap month.
fn lunar_to_greg(y: i32, leap: bool, m: u32, d: u32) -> Option<Ymd> {
    let &(_, cm, cd, lm, bits) = LUNAR.iter().find(|e| e.0 == y)?;
    if !(1..=12).contains(&m) || d == 0 || (leap && lm != m) {
        return None;
    }
    let idx = if leap { m } else { m - 1 + u32::from(lm != 0 && m > lm) };
    let len = |i: u32| if bits & (1 << i) != 0 { 30 } else { 29 };
    if d > len(idx) {
        return None;
    }
    let before: i64 = (0..idx).map(|i| len(i) as i64).sum();
    Some(add_days((y, cm, cd), before + d as i64 - 1))
}

/// 清明 (solar term): day of April, valid for 2000–2099.
fn qingming_day(y: i32) -> u32 {
    let yy = (y % 100) as f64;
    ((yy * 0.2422 + 4.81).floor() - (yy / 4.0).floor()) as u32
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum YRef {
    Abs(i32),
    Rel(i32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    None,
    MonthEnd,
    MonthStart,
    Early,
    Mid,
    Late,
    YearStart,
    YearMid,
    YearEnd,
    Quarter(u32),
    FirstQuarters(u32),
    Half(u32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Pt {
    y: Option<YRef>,
    m: Option<u32>,
    d: Option<u32>,
    part: Part,
    mrel: Option<i32>,
}

impl Pt {
    const EMPTY: Pt = Pt { y: None, m: None, d: None, part: Part::None, mrel: None };
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fest {
    Solar(u32, u32),
    Lunar(u32, u32),
    Qingming,
    Chuxi,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Prec {
    Year,
    Month,
    Day,
}

fn fmt(d: Ymd, p: Prec) -> String {
    match p {
        Prec::Year => format!("{:04}", d.0),
        Prec::Month => format!("{:04}-{:02}", d.0, d.1),
        Prec::Day => fmt_day(d),
    }
}

/// A resolved period: its first and last day, and the precision each end is written at.
#[derive(Clone, Debug, PartialEq)]
struct Res {
    first: Ymd,
    last: Ymd,
    lp: Prec,
    hp: Prec,
    /// (year, month) that a following bare N日 inherits
    ctx: Option<(i32, u32)>,
    /// a deadline "X前" ends on `last` (else on the day before `first`)
    incl: bool,
}

impl Res {
    fn day(d: Ymd) -> Res {
        Res { first: d, last: d, lp: Prec::Day, hp: Prec::Day, ctx: Some((d.0, d.1)), incl: true }
    }
    fn days(a: Ymd, b: Ymd) -> Res {
        Res { first: a, last: b, lp: Prec::Day, hp: Prec::Day, ctx: Some((b.0, b.1)), incl: false }
    }
    fn month(y: i32, m: u32) -> Res {
        Res {
            first: (y, m, 1),
            last: (y, m, dim(y, m)),
            lp: Prec::Month,
            hp: Prec::Month,
            ctx: Some((y, m)),
            incl: false,
        }
    }
    fn years(a: i32, b: i32) -> Res {
        Res { first: (a, 1, 1), last: (b, 12, 31), lp: Prec::Year, hp: Prec::Year, ctx: None, incl: false }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Cal(Pt),
    Range(Pt, Pt),
    RelDay(i64),
    Fest(Option<YRef>, Fest),
    Lunar(Option<YRef>, bool, u32, u32),
    Fixed(Res),
    Vague,
    Weekday(i64, u32),
    Week(i64),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Suffix {
    None,
    Deadline,
    Since,
}

#[derive(Clone, Copy, Debug)]
enum Kw {
    RelDay(i64),
    RelYear(i32),
    MonthRel(i32),
    Vague,
    Fest(Fest),
    YearPart(Part),
    MonthPart(Part),
    Lunar,
    LunarMonth(u32),
    Century(i32),
    /// A day of a week relative to the base date's week (下周三: 1, 3).
    Weekday(i64, u32),
    /// A whole week relative to the base date's week (上周: -1).
    Week(i64),
}

struct Keywords {
    ac: Option<AhoCorasick>,
    kws: Vec<Kw>,
    /// The characters a date can start with: numerals and the first characters of the
    /// keywords. The scan tests every character of a page against it.
    triggers: CharSet,
    /// The first two characters of the keywords, and the keywords of one character: most
    /// places the anchored search is asked about are ruled out by them.
    heads: PairFilter,
    single: CharSet,
}

static KEYWORDS: LazyLock<Keywords> = LazyLock::new(|| {
    let mut v: Vec<(String, Kw)> = Vec::new();
    let mut add = |p: &str, k: Kw| v.push((p.to_string(), k));
    for (p, o) in
        [("今天", 0), ("今日", 0), ("昨天", -1), ("昨日", -1), ("前天", -2), ("明天", 1), ("明日", 1), ("后天", 2)]
    {
        add(p, Kw::RelDay(o));
    }
    for (p, o) in [("今年", 0), ("本年", 0), ("去年", -1), ("上年", -1), ("上一年", -1), ("前年", -2), ("明年", 1)]
    {
        add(p, Kw::RelYear(o));
    }
    for (p, o) in [("本月", 0), ("上月", -1), ("上个月", -1), ("下月", 1), ("下个月", 1)] {
        add(p, Kw::MonthRel(o));
    }
    // Weeks and weekdays: 周三, 星期五, 礼拜天, 上周, 下周一, 下个星期三.
    let weeks = [("", 0i64), ("本", 0), ("这", 0), ("这个", 0), ("上", -1), ("上个", -1), ("下", 1), ("下个", 1)];
    let days = [("一", 1u32), ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("日", 7), ("天", 7)];
    for (pre, o) in weeks {
        for word in ["周", "星期", "礼拜"] {
            if !pre.is_empty() {
                add(&format!("{pre}{word}"), Kw::Week(o));
            }
            for (dn, d) in days {
                if word == "周" && dn == "天" {
                    continue;
                }
                add(&format!("{pre}{word}{dn}"), Kw::Weekday(o, d));
            }
        }
    }
    for p in [
        "近日",
        "日前",
        "目前",
        "当前",
        "近期",
        "近年来",
        "近年",
        "近些年",
        "近几年",
        "过去一年",
        "此前",
        "如今",
        "眼下",
        "近来",
        "多年来",
        "长期以来",
        "当年",
        "当天",
        "当日",
        "当月",
        "次日",
        "翌日",
        "届时",
        "今后",
        "同期",
    ] {
        add(p, Kw::Vague);
    }
    for (p, f) in [
        ("春节", Fest::Lunar(1, 1)),
        ("除夕", Fest::Chuxi),
        ("元宵节", Fest::Lunar(1, 15)),
        ("端午节", Fest::Lunar(5, 5)),
        ("端午", Fest::Lunar(5, 5)),
        ("七夕", Fest::Lunar(7, 7)),
        ("中秋节", Fest::Lunar(8, 15)),
        ("中秋", Fest::Lunar(8, 15)),
        ("重阳节", Fest::Lunar(9, 9)),
        ("元旦", Fest::Solar(1, 1)),
        ("五一", Fest::Solar(5, 1)),
        ("劳动节", Fest::Solar(5, 1)),
        ("五一劳动节", Fest::Solar(5, 1)),
        ("五一国际劳动节", Fest::Solar(5, 1)),
        ("国庆节", Fest::Solar(10, 1)),
        ("国庆", Fest::Solar(10, 1)),
        ("清明节", Fest::Qingming),
        ("清明假期", Fest::Qingming),
        ("清明小长假", Fest::Qingming),
        ("妇女节", Fest::Solar(3, 8)),
        ("三八妇女节", Fest::Solar(3, 8)),
        ("三八国际妇女节", Fest::Solar(3, 8)),
        ("植树节", Fest::Solar(3, 12)),
        ("青年节", Fest::Solar(5, 4)),
        ("五四青年节", Fest::Solar(5, 4)),
        ("儿童节", Fest::Solar(6, 1)),
        ("六一儿童节", Fest::Solar(6, 1)),
        ("六一", Fest::Solar(6, 1)),
        ("建党节", Fest::Solar(7, 1)),
        ("建军节", Fest::Solar(8, 1)),
        ("八一建军节", Fest::Solar(8, 1)),
        ("教师节", Fest::Solar(9, 10)),
        ("圣诞节", Fest::Solar(12, 25)),
    ] {
        add(p, Kw::Fest(f));
    }
    for (p, part) in [
        ("年初", Part::YearStart),
        ("年中", Part::YearMid),
        ("年底", Part::YearEnd),
        ("年末", Part::YearEnd),
        ("上半年", Part::Half(1)),
        ("下半年", Part::Half(2)),
    ] {
        add(p, Kw::YearPart(part));
    }
    for (q, cn) in [(1u32, "一"), (2, "二"), (3, "三"), (4, "四")] {
        for pre in ["", "第"] {
            add(&format!("{pre}{cn}季度"), Kw::YearPart(Part::Quarter(q)));
            add(&format!("{pre}{q}季度"), Kw::YearPart(Part::Quarter(q)));
        }
    }
    for (p, n) in [
        ("前两季度", 2),
        ("前二季度", 2),
        ("前三季度", 3),
        ("前2季度", 2),
        ("前3季度", 3),
        ("前两个季度", 2),
        ("前三个季度", 3),
    ] {
        add(p, Kw::YearPart(Part::FirstQuarters(n)));
    }
    for (p, part) in [
        ("月底", Part::MonthEnd),
        ("月末", Part::MonthEnd),
        ("月初", Part::MonthStart),
        ("上旬", Part::Early),
        ("中旬", Part::Mid),
        ("下旬", Part::Late),
    ] {
        add(p, Kw::MonthPart(part));
    }
    add("农历", Kw::Lunar);
    add("阴历", Kw::Lunar);
    add("正月", Kw::LunarMonth(1));
    add("冬月", Kw::LunarMonth(11));
    add("腊月", Kw::LunarMonth(12));
    add("上世纪", Kw::Century(20));
    add("上个世纪", Kw::Century(20));
    add("本世纪", Kw::Century(21));
    let pats: Vec<&str> = v.iter().map(|(p, _)| p.as_str()).collect();
    let ac =
        AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).start_kind(StartKind::Anchored).build(&pats).ok();
    let numerals = (0..=0xFFFF).filter_map(char::from_u32).filter(|&c| is_numeral_char(c));
    let triggers = CharSet::new(pats.iter().filter_map(|p| p.chars().next()).chain(numerals));
    let heads = PairFilter::new(pats.iter().copied());
    let single = CharSet::new(pats.iter().filter(|p| p.chars().nth(1).is_none()).filter_map(|p| p.chars().next()));
    Keywords { ac, kws: v.into_iter().map(|(_, k)| k).collect(), triggers, heads, single }
});

fn kw_at(s: &str, p: usize) -> Option<(usize, Kw)> {
    let k = &*KEYWORDS;
    let ac = k.ac.as_ref()?;
    let mut next = s.get(p..)?.chars();
    let first = next.next()?;
    if !k.single.contains(first) && !next.next().is_some_and(|second| k.heads.may_start_with(first, second)) {
        return None;
    }
    let m = ac.find(Input::new(s).range(p..).anchored(Anchored::Yes))?;
    let kw = *k.kws.get(m.pattern().as_usize())?;
    Some((m.end(), kw))
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || is_cn_num_char(c)
}

/// Small number for months, days, clock times and decades: 1–2 ASCII digits or up to
/// four Chinese numeral characters (no 两, no 百/千/万).
fn small_num(s: &str, p: usize) -> Option<(u32, usize)> {
    let c = char_at(s, p)?;
    if c.is_ascii_digit() {
        let e = scan_digits(s, p);
        if e - p > 2 {
            return None;
        }
        // not a decimal (3.5月)
        if s.get(e..)?.starts_with('.') && s.get(e + 1..)?.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some((s.get(p..e)?.parse().ok()?, e));
    }
    let mut e = p;
    let mut n = 0;
    for ch in s.get(p..)?.chars() {
        if n < 4 && is_small_num_char(ch) {
            e += ch.len_utf8();
            n += 1;
        } else {
            break;
        }
    }
    if e == p {
        return None;
    }
    // a longer numeral run (三百, 十四五…) is not a small number
    if char_at(s, e).is_some_and(is_cn_num_char) {
        return None;
    }
    // One character is the common case (一 in 一些, 进一步): its value is its digit's, or
    // ten, as parse_number gives it.
    let v = if n == 1 { cn_digit(c).map_or(10.0, f64::from) } else { parse_number(s.get(p..e)?)? };
    (v.fract() == 0.0 && (0.0..100.0).contains(&v)).then_some((v as u32, e))
}

/// The characters of a small Chinese number: the digits but 两, and 十.
fn is_small_num_char(c: char) -> bool {
    c != '两' && (cn_digit(c).is_some() || c == '十')
}

/// Four-digit year (ASCII 1000–2199, or four Chinese digits 二〇二六).
fn year_num(s: &str, p: usize) -> Option<(i32, usize)> {
    let c = char_at(s, p)?;
    if c.is_ascii_digit() {
        let e = scan_digits(s, p);
        if e - p != 4 {
            return None;
        }
        let y: i32 = s.get(p..e)?.parse().ok()?;
        return (1000..=2199).contains(&y).then_some((y, e));
    }
    let mut y = 0i32;
    let mut e = p;
    for ch in s.get(p..)?.chars().take(4) {
        match cn_digit(ch) {
            Some(d) if ch != '两' => {
                y = y * 10 + d as i32;
                e += ch.len_utf8();
            }
            _ => return None,
        }
    }
    if char_at(s, e).is_some_and(is_cn_num_char) {
        return None;
    }
    (1000..=2199).contains(&y).then_some((y, e))
}

const SEPS: &[&str] = &["——", "—", "–", "－", "-", "~", "～", "〜", "至", "到"];

/// 至今 ("up to now"), but not 至今年 / 至今日 (a range ending this year / today).
fn zhijin(s: &str, p: usize) -> Option<usize> {
    let e = lit(s, p, "至今")?;
    (!char_at(s, e).is_some_and(|c| "年日天".contains(c))).then_some(e)
}

fn sep_at(s: &str, p: usize) -> Option<usize> {
    if zhijin(s, p).is_some() {
        return None;
    }
    lit_any(s, p, SEPS)
}

/// Part of a month after `N月`: 底/末, 初, 上旬/中旬/下旬.
fn month_part_suffix(s: &str, q: usize) -> Option<(usize, Part)> {
    if let Some(e) = lit_any(s, q, &["底", "末"]) {
        return Some((e, Part::MonthEnd));
    }
    if let Some(e) = lit(s, q, "上旬") {
        return Some((e, Part::Early));
    }
    if let Some(e) = lit(s, q, "中旬") {
        return Some((e, Part::Mid));
    }
    if let Some(e) = lit(s, q, "下旬") {
        return Some((e, Part::Late));
    }
    if let Some(e) = lit(s, q, "初") {
        if !char_at(s, e).is_some_and(|c| "步心衷次见始稿中赛审级期稿试".contains(c)) {
            return Some((e, Part::MonthStart));
        }
    }
    None
}

/// `N月[份]`, `N月N日`, `N月N号`, `N月底` … at `p`.
fn month_expr(s: &str, p: usize) -> Option<(usize, Pt)> {
    let (m, q) = small_num(s, p)?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let q = lit(s, q, "月")?;
    if char_at(s, q).is_some_and(|c| "饼亮球光牙薪票".contains(c)) {
        return None;
    }
    let pt = Pt { m: Some(m), ..Pt::EMPTY };
    if let Some(e) = lit(s, q, "份") {
        return Some((e, pt));
    }
    if let Some((d, r)) = small_num(s, q) {
        if (1..=31).contains(&d) {
            if let Some(e) = lit_any(s, r, &["日", "号"]) {
                return Some((e, Pt { d: Some(d), ..pt }));
            }
        }
    }
    if let Some((e, part)) = month_part_suffix(s, q) {
        return Some((e, Pt { part, ..pt }));
    }
    Some((q, pt))
}

/// Bare `N日` (a day of the month) unless the context makes it a duration.
fn day_expr(s: &str, p: usize) -> Option<(usize, Pt)> {
    let (d, q) = small_num(s, p)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let e = lit(s, q, "日")?;
    if s.get(p..q) == Some("一") {
        return None; // 一日 alone: "one day"
    }
    Some((e, Pt { d: Some(d), ..Pt::EMPTY }))
}

fn day_is_duration(s: &str, p: usize, e: usize) -> bool {
    let before = s.get(..p).unwrap_or("");
    const PRE: &[&str] = &[
        "提前", "推迟", "延迟", "延后", "延长", "顺延", "前", "近", "每", "连续", "持续", "共", "为期", "历时", "满",
        "第", "用", "花", "仅", "约", "达", "超", "逾", "不到", "不足", "耗时", "长达", "最长", "最短", "间隔", "相隔",
        "至少", "多", "后", "内", "只", "需", "要", "个", "如",
    ];
    if PRE.iter().any(|w| before.ends_with(w)) {
        return true;
    }
    lit_any(
        s,
        e,
        &["内", "以内", "之内", "来", "后", "以后", "之后", "左右", "多", "余", "以上", "时间", "的时间", "之久"],
    )
    .is_some()
}

/// After a year reference at `p` (just past `年` or `今年`…): month, quarter, half,
/// 年底, festival, lunar date — or the year alone.
fn after_year(s: &str, p: usize, y: YRef, numeric: bool) -> (usize, Expr) {
    let ypt = Pt { y: Some(y), ..Pt::EMPTY };
    if numeric {
        if let Some(e) = lit_any(s, p, &["底", "末"]) {
            return (e, Expr::Cal(Pt { part: Part::YearEnd, ..ypt }));
        }
        if let Some(e) = lit(s, p, "初") {
            if !char_at(s, e).is_some_and(|c| "步心衷次见始稿中赛审级期试".contains(c)) {
                return (e, Expr::Cal(Pt { part: Part::YearStart, ..ypt }));
            }
        }
        if let Some(e) = lit(s, p, "度") {
            return (e, Expr::Cal(ypt));
        }
    }
    if let Some((e, kw)) = kw_at(s, p) {
        match kw {
            Kw::YearPart(part) => return (e, Expr::Cal(Pt { part, ..ypt })),
            Kw::Fest(f) => return (e, Expr::Fest(Some(y), f)),
            Kw::Lunar => {
                if let Some((e2, leap, m, d)) = lunar_md(s, e) {
                    return (e2, Expr::Lunar(Some(y), leap, m, d));
                }
            }
            Kw::LunarMonth(m) => {
                if let Some((d, e2)) = lunar_day(s, e) {
                    return (e2, Expr::Lunar(Some(y), false, m, d));
                }
            }
            _ => {}
        }
    }
    if let Some((e, mut pt)) = month_expr(s, p) {
        pt.y = Some(y);
        return (e, Expr::Cal(pt));
    }
    (p, Expr::Cal(ypt))
}

/// Lunar day: 初一…初十, 十一…十九, 二十, 廿一…廿九, 二十一…二十九, 三十, or 1–30.
fn lunar_day(s: &str, p: usize) -> Option<(u32, usize)> {
    if let Some(q) = lit(s, p, "初") {
        let (d, e) = small_num(s, q)?;
        return (1..=10).contains(&d).then_some((d, e));
    }
    if let Some(q) = lit(s, p, "廿") {
        let c = char_at(s, q)?;
        let d = cn_digit(c).filter(|&d| (1..=9).contains(&d))?;
        return Some((20 + d, q + c.len_utf8()));
    }
    let (d, e) = small_num(s, p)?;
    (11..=30).contains(&d).then_some((d, e))
}

/// After 农历: [闰](正|冬|腊|N)月 + lunar day.
fn lunar_md(s: &str, p: usize) -> Option<(usize, bool, u32, u32)> {
    let (p, leap) = match lit(s, p, "闰") {
        Some(q) => (q, true),
        None => (p, false),
    };
    let (m, q) = if let Some(q) = lit(s, p, "正月") {
        (1, q)
    } else if let Some(q) = lit(s, p, "冬月") {
        (11, q)
    } else if let Some(q) = lit(s, p, "腊月") {
        (12, q)
    } else {
        let (m, q) = small_num(s, p)?;
        (m, lit(s, q, "月")?)
    };
    if !(1..=12).contains(&m) {
        return None;
    }
    let (d, e) = lunar_day(s, q)?;
    Some((e, leap, m, d))
}

/// Five-year plan: Chinese numeral N followed by 五 (十四五, 十五五), quoted or followed
/// by 规划/时期/期间/计划/开局….
fn plan_at(s: &str, p: usize) -> Option<(usize, Expr)> {
    let e = scan_cn(s, p);
    let run = s.get(p..e)?;
    let prefix = run.strip_suffix('五')?;
    let n = parse_number(prefix)?;
    if n.fract() != 0.0 || !(1.0..=20.0).contains(&n) {
        return None;
    }
    let n = n as i32;
    let quoted = prev_char(s, p).is_some_and(|c| "“‘「『\"".contains(c));
    let ext = lit_any(s, e, &["规划", "时期", "期间"]);
    let ok = quoted
        || ext.is_some()
        || lit_any(s, e, &["”", "’", "」", "』", "\"", "计划", "开局", "以来", "末", "初", "时"]).is_some();
    if !ok {
        return None;
    }
    let start = match n {
        1 => 1953,
        2 => 1958,
        _ => 1966 + 5 * (n - 3),
    };
    Some((ext.unwrap_or(e), Expr::Fixed(Res::years(start, start + 4))))
}

/// Decade: `N年代` with N = 10…90 (20th century), or a 4-digit year ending in 0.
fn decade_at(s: &str, p: usize, century: i32) -> Option<(usize, Expr)> {
    let (n, q) = small_num(s, p).or_else(|| {
        let e = scan_digits(s, p);
        (e - p == 2).then(|| s.get(p..e)?.parse().ok().map(|v| (v, e)))?
    })?;
    if n % 10 != 0 || !(10..=90).contains(&n) {
        return None;
    }
    let e = lit(s, q, "年代")?;
    let start = (century - 1) * 100 + n as i32;
    Some((e, Expr::Fixed(Res::years(start, start + 9))))
}

/// ASCII forms 2026-03-20, 2026/3/20, 2026.3.20.
fn iso_like(s: &str, p: usize) -> Option<(usize, Expr)> {
    let (y, q) = year_num(s, p)?;
    let sep = char_at(s, q).filter(|c| "-/.".contains(*c))?;
    let me = scan_digits(s, q + 1);
    if !(1..=2).contains(&(me - q - 1)) || char_at(s, me) != Some(sep) {
        return None;
    }
    let de = scan_digits(s, me + 1);
    if !(1..=2).contains(&(de - me - 1)) || char_at(s, de).is_some_and(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let m: u32 = s.get(q + 1..me)?.parse().ok()?;
    let d: u32 = s.get(me + 1..de)?.parse().ok()?;
    valid_day(y, m, d).then_some((de, Expr::Cal(Pt { y: Some(YRef::Abs(y)), m: Some(m), d: Some(d), ..Pt::EMPTY })))
}

/// Second half of a range after a separator at `q`.
fn range_end(s: &str, q: usize, pt1: &Pt) -> Option<(usize, Pt)> {
    let (e, mut pt2) = if let Some((r, Kw::RelYear(o))) = kw_at(s, q) {
        match after_year(s, r, YRef::Rel(o), false) {
            (e, Expr::Cal(pt)) => (e, pt),
            _ => return None,
        }
    } else if let Some((y, r)) = year_num(s, q) {
        let r = lit(s, r, "年")?;
        match after_year(s, r, YRef::Abs(y), true) {
            (e, Expr::Cal(pt)) => (e, pt),
            _ => return None,
        }
    } else if let Some((e, pt)) = month_expr(s, q) {
        (e, pt)
    } else {
        let (e, pt) = day_expr(s, q)?;
        (e, pt)
    };
    if pt1.d.is_some() != pt2.d.is_some() {
        return None;
    }
    if pt1.m.is_none() && pt2.m.is_some() && pt1.y.is_some() && pt1.d.is_none() {
        return None; // 2025年至3月: not a range
    }
    if pt2.y.is_none() {
        pt2.y = pt1.y;
    }
    if pt2.m.is_none() && pt2.d.is_some() {
        pt2.m = pt1.m;
    }
    Some((e, pt2))
}

fn with_range(s: &str, e: usize, pt1: Pt) -> (usize, Expr) {
    if matches!(pt1.part, Part::None | Part::MonthEnd | Part::Early | Part::Mid | Part::Late | Part::MonthStart) {
        if let Some(q) = sep_at(s, e) {
            if let Some((e2, pt2)) = range_end(s, q, &pt1) {
                return (e2, Expr::Range(pt1, pt2));
            }
        }
    }
    (e, Expr::Cal(pt1))
}

fn numeric_at(s: &str, p: usize) -> Option<(usize, Expr)> {
    let c = char_at(s, p)?;
    if c.is_ascii_digit() {
        // fast reject: a date needs one of these right after the digits
        let after = char_at(s, scan_digits(s, p));
        if !after.is_some_and(|a| "年月日号世-/.至到—–~～〜－多余".contains(a)) {
            return None;
        }
        if let Some(r) = iso_like(s, p) {
            return Some(r);
        }
    }
    if let Some((y, q)) = year_num(s, p) {
        if y % 10 == 0 {
            if let Some(e) = lit(s, q, "年代") {
                return Some((e, Expr::Fixed(Res::years(y, y + 9))));
            }
        }
        if let Some(r) = lit(s, q, "年") {
            if char_at(s, r).is_some_and(|c| "级纪".contains(c)) {
                return None;
            }
            return Some(match after_year(s, r, YRef::Abs(y), true) {
                (e, Expr::Cal(pt1)) => with_range(s, e, pt1),
                other => other,
            });
        }
        // 2021—2025年
        if let Some(q2) = sep_at(s, q) {
            if let Some((y2, r)) = year_num(s, q2) {
                if let Some(r) = lit(s, r, "年") {
                    if let (e, Expr::Cal(pt2)) = after_year(s, r, YRef::Abs(y2), true) {
                        if pt2.m.is_none() && pt2.part == Part::None && y2 >= y {
                            let pt1 = Pt { y: Some(YRef::Abs(y)), ..Pt::EMPTY };
                            return Some((e, Expr::Range(pt1, pt2)));
                        }
                    }
                }
            }
        }
        return None;
    }
    if is_cn_num_char(c) {
        if let Some(r) = plan_at(s, p) {
            return Some(r);
        }
    }
    if let Some(r) = decade_at(s, p, 20) {
        return Some(r);
    }
    // N年来 / N年以来 / N多年来: vague
    {
        let e = if c.is_ascii_digit() { scan_digits(s, p) } else { scan_cn(s, p) };
        let e2 = lit_any(s, e, &["多", "余"]).unwrap_or(e);
        if let Some(v) = lit_any(s, e2, &["年来", "年以来"]) {
            if e > p && parse_number(s.get(p..e)?).is_some() {
                return Some((v, Expr::Vague));
            }
        }
    }
    if let Some((e, pt)) = month_expr(s, p) {
        return Some(with_range(s, e, pt));
    }
    if let Some((e, pt)) = day_expr(s, p) {
        if day_is_duration(s, p, e) {
            return None;
        }
        if let Some(e2) = lit_any(s, e, &["前", "之前", "以前"]) {
            return Some((e2, Expr::Vague)); // 3日前: "three days ago" or "before the 3rd"
        }
        return Some(with_range(s, e, pt));
    }
    // bare number + separator + single-field date: 3至5月, 17—19日
    if let Some((n, q)) = small_num(s, p) {
        if let Some(q2) = sep_at(s, q) {
            let pt1m = Pt { m: Some(n), ..Pt::EMPTY };
            if let Some((e, pt2)) = month_expr(s, q2) {
                if pt2.d.is_none() && pt2.part == Part::None && (1..=12).contains(&n) {
                    return Some((e, Expr::Range(pt1m, pt2)));
                }
            }
            if let Some((e, pt2)) = day_expr(s, q2) {
                if (1..=31).contains(&n) && !day_is_duration(s, q2, e) {
                    return Some((e, Expr::Range(Pt { d: Some(n), ..Pt::EMPTY }, pt2)));
                }
            }
        }
    }
    None
}

fn keyword_expr(s: &str, p: usize) -> Option<(usize, Expr)> {
    let (e, kw) = kw_at(s, p)?;
    // numeral-initial keywords (一季度, 五一) only at the start of a numeral run
    if char_at(s, p).is_some_and(is_numeral_char) && prev_char(s, p).is_some_and(is_numeral_char) {
        return None;
    }
    Some(match kw {
        Kw::RelDay(o) => (e, Expr::RelDay(o)),
        Kw::Weekday(o, d) => {
            // 每周一 recurs: no single date.
            if prev_char(s, p).is_some_and(|c| c == '每') {
                return Some((e, Expr::Vague));
            }
            (e, Expr::Weekday(o, d))
        }
        Kw::Week(o) => {
            // 上周五 is a weekday; 上周 alone a week; 周年, 周边, 周期 are not weeks.
            if prev_char(s, p).is_some_and(|c| "一二两三四五六七八九十0123456789每几".contains(c)) {
                return None;
            }
            (e, Expr::Week(o))
        }
        Kw::RelYear(o) => {
            if o == -2 && prev_char(s, p).is_some_and(|c| "提之以此".contains(c)) {
                return None;
            }
            let (e2, ex) = after_year(s, e, YRef::Rel(o), false);
            match ex {
                Expr::Cal(pt) if pt.m.is_some() => with_range(s, e2, pt),
                other => (e2, other),
            }
        }
        Kw::MonthRel(o) => {
            let pt = Pt { mrel: Some(o), ..Pt::EMPTY };
            // 本月25日, 下月3日: a day of the relative month.
            if let Some((e2, dpt)) = day_expr(s, e) {
                if dpt.d.is_some() && dpt.m.is_none() && !day_is_duration(s, e, e2) {
                    return Some(with_range(s, e2, Pt { d: dpt.d, ..pt }));
                }
            }
            match month_part_suffix(s, e) {
                Some((e2, part)) => (e2, Expr::Cal(Pt { part, ..pt })),
                None => (e, Expr::Cal(pt)),
            }
        }
        Kw::Vague => (e, Expr::Vague),
        Kw::Fest(f) => (e, Expr::Fest(None, f)),
        Kw::YearPart(part) => {
            if part == Part::YearMid && !(char_at(s, e).is_none_or(|c| "前时，,。；;、".contains(c))) {
                return None;
            }
            (e, Expr::Cal(Pt { part, ..Pt::EMPTY }))
        }
        Kw::MonthPart(part) => (e, Expr::Cal(Pt { part, ..Pt::EMPTY })),
        Kw::Lunar => {
            let (e2, leap, m, d) = lunar_md(s, e)?;
            (e2, Expr::Lunar(None, leap, m, d))
        }
        Kw::LunarMonth(m) => {
            let (d, e2) = lunar_day(s, e)?;
            (e2, Expr::Lunar(None, false, m, d))
        }
        Kw::Century(c) => {
            if let Some(r) = decade_at(s, e, c) {
                return Some(r);
            }
            (e, Expr::Fixed(Res::years((c - 1) * 100 + 1, c * 100)))
        }
    })
}

/// N世纪[N年代] (20世纪90年代).
fn century_at(s: &str, p: usize) -> Option<(usize, Expr)> {
    let (c, q) = small_num(s, p)?;
    if !(1..=30).contains(&c) {
        return None;
    }
    let q = lit(s, q, "世纪")?;
    let c = c as i32;
    if let Some(r) = decade_at(s, q, c) {
        return Some(r);
    }
    Some((q, Expr::Fixed(Res::years((c - 1) * 100 + 1, c * 100))))
}

fn has_day(e: &Expr) -> bool {
    match e {
        Expr::Cal(pt) => pt.d.is_some(),
        Expr::Range(_, pt) => pt.d.is_some(),
        Expr::RelDay(_) | Expr::Weekday(..) | Expr::Fest(..) | Expr::Lunar(..) => true,
        _ => false,
    }
}

/// Optional time of day after a day: 上午10时30分, 下午3点半, 10:30.
fn time_suffix(s: &str, q: usize) -> usize {
    let mut e = lit_any(
        s,
        q,
        &["上午", "下午", "中午", "晚上", "晚间", "凌晨", "早上", "早晨", "傍晚", "夜间", "夜里", "晚", "早"],
    )
    .unwrap_or(q);
    if let Some((h, r)) = small_num(s, e) {
        if h <= 24 {
            if let Some(r2) = lit_any(s, r, &["时", "点"]) {
                let mut end = r2;
                if let Some((mi, r3)) = small_num(s, r2) {
                    if mi < 60 {
                        if let Some(r4) = lit(s, r3, "分") {
                            end = r4;
                        }
                    }
                } else if let Some(r3) = lit_any(s, r2, &["半", "整"]) {
                    end = r3;
                }
                return end;
            }
            if char_at(s, r) == Some(':') {
                let me = scan_digits(s, r + 1);
                if me - r - 1 == 2 && !char_at(s, me).is_some_and(|c| c.is_ascii_digit()) {
                    e = me;
                }
            }
        }
    }
    e
}

/// Whether a Chinese numeral at `p` may begin one of the dates [`numeric_at`] and
/// [`century_at`] read. Each needs, right after a run of numerals, a character that goes
/// on to a date (年 月 日 世, a range separator, 多 余), except a five-year plan (十四五),
/// a run with 五. The numerals of most text (一些, 统一, 三个) fail this one test instead of
/// every parser in turn.
fn cn_may_start_date(s: &str, p: usize) -> bool {
    let mut five = false;
    for c in s.get(p..).unwrap_or("").chars() {
        if is_cn_num_char(c) || c == '点' {
            five |= c == '五';
            continue;
        }
        return five || "年月日世—–－-~～〜至到多余".contains(c);
    }
    five
}

fn parse_at(s: &str, p: usize) -> Option<(usize, Expr, Suffix)> {
    parse_at_with(s, p, true)
}

/// [`parse_at`], with the numeral test of [`cn_may_start_date`] (`gate`) or with every
/// parser tried at every numeral (the test's oracle).
fn parse_at_with(s: &str, p: usize, gate: bool) -> Option<(usize, Expr, Suffix)> {
    let c = char_at(s, p)?;
    let (mut e, ex) = keyword_expr(s, p).or_else(|| {
        if is_numeral_char(c) && (!gate || c.is_ascii_digit() || cn_may_start_date(s, p)) {
            numeric_at(s, p).or_else(|| century_at(s, p))
        } else {
            None
        }
    })?;
    if ex == Expr::Vague {
        return Some((e, ex, Suffix::None));
    }
    if has_day(&ex) {
        e = time_suffix(s, e);
    }
    let mut suf = Suffix::None;
    if let Some(e2) = lit_any(s, e, &["前", "之前", "以前"]) {
        if !char_at(s, e2).is_some_and(|c| "往进来夕后沿线列方景身行者".contains(c)) {
            e = e2;
            suf = Suffix::Deadline;
        }
    } else if let Some(e2) = lit(s, e, "以来").or_else(|| zhijin(s, e)) {
        e = e2;
        suf = Suffix::Since;
    }
    Some((e, ex, suf))
}

fn resolve_year(y: Option<YRef>, base: Option<Ymd>) -> Option<i32> {
    match y {
        Some(YRef::Abs(y)) => Some(y),
        Some(YRef::Rel(o)) => base.map(|b| b.0 + o),
        None => base.map(|b| b.0),
    }
}

fn resolve_pt(pt: &Pt, base: Option<Ymd>, ctx: Option<(i32, u32)>) -> Option<Res> {
    let month_level = matches!(pt.part, Part::MonthEnd | Part::MonthStart | Part::Early | Part::Mid | Part::Late);
    let (y, m) = if let Some(o) = pt.mrel {
        let b = base?;
        let idx = b.0 * 12 + b.1 as i32 - 1 + o;
        (idx.div_euclid(12), Some(idx.rem_euclid(12) as u32 + 1))
    } else if pt.m.is_some() {
        (resolve_year(pt.y, base)?, pt.m)
    } else if pt.d.is_some() {
        match (pt.y, ctx) {
            (None, Some((y, m))) => (y, Some(m)),
            _ => {
                let b = base?;
                (resolve_year(pt.y, base)?, Some(b.1))
            }
        }
    } else if month_level {
        let b = base?;
        (b.0, Some(b.1))
    } else {
        (resolve_year(pt.y, base)?, None)
    };
    let res = match (m, pt.d, pt.part) {
        (Some(m), Some(d), _) => {
            if !valid_day(y, m, d) {
                return None;
            }
            Res::day((y, m, d))
        }
        (Some(m), None, part) => {
            if !(1..=12).contains(&m) {
                return None;
            }
            let last = dim(y, m);
            match part {
                Part::MonthEnd => Res::day((y, m, last)),
                Part::MonthStart | Part::Early => Res::days((y, m, 1), (y, m, 10)),
                Part::Mid => Res::days((y, m, 11), (y, m, 20)),
                Part::Late => Res::days((y, m, 21), (y, m, last)),
                _ => Res::month(y, m),
            }
        }
        (None, _, part) => match part {
            Part::YearStart => Res::month(y, 1),
            Part::YearEnd => Res { incl: true, ..Res::month(y, 12) },
            Part::YearMid => Res { last: (y, 7, 31), ..Res::month(y, 6) },
            Part::Quarter(q) => Res::days((y, 3 * q - 2, 1), (y, 3 * q, dim(y, 3 * q))),
            Part::FirstQuarters(n) => Res::days((y, 1, 1), (y, 3 * n, dim(y, 3 * n))),
            Part::Half(1) => Res::days((y, 1, 1), (y, 6, 30)),
            Part::Half(_) => Res::days((y, 7, 1), (y, 12, 31)),
            _ => Res::years(y, y),
        },
    };
    let mut res = res;
    if pt.part == Part::MonthEnd {
        res.incl = true;
    }
    Some(res)
}

fn resolve(ex: &Expr, suf: Suffix, base: Option<Ymd>, ctx: &mut Option<(i32, u32)>) -> Option<String> {
    let res = match ex {
        Expr::Vague => return None,
        Expr::Cal(pt) => resolve_pt(pt, base, *ctx)?,
        Expr::Range(a, b) => {
            let r1 = resolve_pt(a, base, *ctx)?;
            let ctx1 = r1.ctx.or(*ctx);
            let mut r2 = resolve_pt(b, base, ctx1)?;
            let b_has_year = b.y.is_some() && b.y != a.y;
            if !b_has_year && days_from_civil(r2.first) < days_from_civil(r1.first) {
                if b.m.is_some() && b.m != a.m {
                    let b2 = Pt { y: resolve_year(b.y, base).map(|y| YRef::Abs(y + 1)), ..*b };
                    r2 = resolve_pt(&b2, base, ctx1)?;
                } else {
                    return None;
                }
            }
            Res { first: r1.first, last: r2.last, lp: r1.lp, hp: r2.hp, ctx: r2.ctx, incl: r2.incl }
        }
        Expr::RelDay(o) => Res::day(add_days(base?, *o)),
        Expr::Weekday(o, d) => Res::day(add_days(monday_of(base?), 7 * o + i64::from(*d) - 1)),
        Expr::Week(o) => {
            let first = add_days(monday_of(base?), 7 * o);
            Res::days(first, add_days(first, 6))
        }
        Expr::Fest(y, f) => {
            let y = resolve_year(*y, base)?;
            let d = match *f {
                Fest::Solar(m, d) => (y, m, d),
                Fest::Lunar(m, d) => lunar_to_greg(y, false, m, d)?,
                Fest::Qingming => {
                    if !(2000..=2099).contains(&y) {
                        return None;
                    }
                    (y, 4, qingming_day(y))
                }
                Fest::Chuxi => add_days(lunar_to_greg(y, false, 1, 1)?, -1),
            };
            Res { ctx: None, incl: false, ..Res::day(d) }
        }
        Expr::Lunar(y, leap, m, d) => {
            let y = resolve_year(*y, base)?;
            Res { ctx: None, ..Res::day(lunar_to_greg(y, *leap, *m, *d)?) }
        }
        Expr::Fixed(r) => r.clone(),
    };
    if res.ctx.is_some() {
        *ctx = res.ctx;
    }
    Some(match suf {
        Suffix::Deadline => {
            let d = if res.incl { res.last } else { add_days(res.first, -1) };
            format!("../{}", fmt_day(d))
        }
        Suffix::Since => format!("{}/..", fmt(res.first, res.lp)),
        Suffix::None => {
            let (lo, hi) = (fmt(res.first, res.lp), fmt(res.last, res.hp));
            if lo == hi {
                lo
            } else {
                format!("{lo}/{hi}")
            }
        }
    })
}

/// End of a run of ASCII digits with `.`/`,` between digits (skipped as one token).
fn skip_ascii_run(s: &str, p: usize) -> usize {
    let b = s.as_bytes();
    let mut i = p;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() || ((c == b'.' || c == b',') && b.get(i + 1).is_some_and(|x| x.is_ascii_digit())) {
            i += 1;
        } else {
            break;
        }
    }
    i.max(p + 1)
}

/// Find date mentions in `text`; `base` = the date (year, month, day) when known.
pub fn find_dates(text: &str, base: Option<(i32, u32, u32)>) -> Vec<DateHit> {
    find_dates_in(Decoded::new(text).all(), base)
}

/// [`find_dates`] over a part of a decoded page (offsets relative to the part).
pub fn find_dates_in(part: Region, base: Option<(i32, u32, u32)>) -> Vec<DateHit> {
    scan(part, base, true)
}

/// Byte spans of the date mentions in `text`, without resolving values (what the
/// figure extractor skips).
pub fn date_spans(text: &str) -> Vec<(usize, usize)> {
    scan(Decoded::new(text).all(), None, false).into_iter().map(|h| (h.start, h.end)).collect()
}

fn scan(part: Region, base: Option<Ymd>, values: bool) -> Vec<DateHit> {
    let text = part.text();
    let base = base.filter(|&(y, m, d)| valid_day(y, m, d) && (1..=9999).contains(&y));
    let triggers = &KEYWORDS.triggers;
    let mut out = Vec::new();
    let mut ctx: Option<(i32, u32)> = None;
    let mut i = 0;
    let mut chars = part.scan();
    while let Some((at, c)) = chars.find(triggers, i) {
        i = at;
        if let Some((end, ex, suf)) = parse_at(text, i) {
            if end > i {
                let value = if values { resolve(&ex, suf, base, &mut ctx) } else { None };
                out.push(DateHit { start: i, end, value });
                i = end;
                continue;
            }
        }
        if c.is_ascii_digit() {
            i = skip_ascii_run(text, i);
            continue;
        }
        if is_cn_num_char(c) {
            i = scan_cn(text, i).max(i + c.len_utf8());
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// The sets the date finder scans for: the characters a date can start with.
pub(crate) fn scanned_sets() -> [&'static CharSet; 1] {
    [&KEYWORDS.triggers]
}

/// The date extractor of the pipeline: [`find_dates`] over each article's text (so that
/// a bare 20日 takes the month of an earlier date in the article), resolved against the
/// page's base date.
pub struct DateExtractor;

impl super::Extractor for DateExtractor {
    fn kind(&self) -> crate::model::Kind {
        crate::model::Kind::Date
    }

    fn extract(&self, doc: &super::Doc, out: &mut Vec<crate::model::Mention>) {
        super::per_article(
            doc,
            out,
            crate::model::Kind::Date,
            |k, _| doc.dates()[k].clone(),
            |h| (h.start, h.end),
            |_, h| Some(crate::model::Detail::Date { value: h.value }),
        );
    }
}

/// Build this module's tables now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&KEYWORDS);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_at` with every parser tried at every numeral: what [`cn_may_start_date`]
    /// must not change.
    fn parse_at_plain(s: &str, p: usize) -> Option<(usize, Expr, Suffix)> {
        parse_at_with(s, p, false)
    }

    #[test]
    fn the_numeral_gate_rejects_no_date() {
        let mut rng = crate::extract::test_rng(0x9E37_79B9);
        let pieces = [
            "一", "二", "三", "四", "五", "六", "十", "〇", "零", "两", "百", "千", "万", "点", "1", "2", "0", "年",
            "月", "日", "号", "份", "世纪", "年代", "年来", "以来", "多", "余", "至", "到", "—", "——", "-", "~", "～",
            "上旬", "底", "前", "规划", "时期", "“", "”", "的", "个", "些", "统", "季度", "今", "时", "初", "末",
        ];
        // Every separator and every date that follows a numeral run, once for sure.
        let mut fixed: Vec<String> =
            SEPS.iter().flat_map(|sep| [format!("三{sep}五月"), format!("十{sep}二十日")]).collect();
        fixed.extend(
            ["二〇二六年", "九十年代", "二十一世纪", "三年来", "十多年来", "三月", "五日", "“十四五”", "十四五规划"]
                .map(String::from),
        );
        for text in &fixed {
            assert!(parse_at_plain(text, 0).is_some() || parse_at_plain(text, 3).is_some(), "{text}");
            for (p, _) in text.char_indices() {
                assert_eq!(parse_at(text, p), parse_at_plain(text, p), "{text:?} at {p}");
            }
        }
        let (mut dates, mut numerals) = (0, 0);
        for _ in 0..60_000 {
            let text: String = (0..1 + rng() % 7).map(|_| pieces[rng() as usize % pieces.len()]).collect();
            for (p, c) in text.char_indices() {
                let want = parse_at_plain(&text, p);
                assert_eq!(parse_at(&text, p), want, "{text:?} at {p}");
                if is_cn_num_char(c) {
                    numerals += 1;
                    dates += usize::from(want.is_some());
                }
            }
        }
        assert!(dates > 2_000 && numerals > 50_000, "{dates} {numerals}");
    }

    /// The keyword lookup, with its quick test of the first two characters, finds what the
    /// anchored search alone finds.
    #[test]
    fn keywords_are_found_as_by_the_anchored_search() {
        let k = &*KEYWORDS;
        let ac = k.ac.as_ref().unwrap();
        let by_search = |s: &str, p: usize| {
            let m = ac.find(Input::new(s).range(p..).anchored(Anchored::Yes))?;
            Some((m.end(), *k.kws.get(m.pattern().as_usize())?))
        };
        let mut pieces: Vec<String> = Vec::new();
        let page = include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt");
        pieces.extend(page.chars().take(400).map(String::from));
        let words =
            ["今年", "上半年", "月底", "一季度", "前三个季度", "农历", "上个世纪", "本世纪", "腊月", "3月", "至", "上"];
        for _ in 0..40 {
            pieces.extend(words.map(String::from));
        }
        let mut rng = crate::extract::test_rng(0x3C6E_F372_FE94_F82B);
        let mut found = 0;
        for round in 0..3000 {
            let text: String = if round == 0 {
                page.to_string()
            } else {
                (0..rng() % 8).map(|_| pieces[rng() as usize % pieces.len()].as_str()).collect()
            };
            for p in 0..=text.len() {
                let want = by_search(&text, p);
                found += usize::from(want.is_some());
                let debug = |r: Option<(usize, Kw)>| r.map(|(e, kw)| (e, format!("{kw:?}")));
                assert_eq!(debug(kw_at(&text, p)), debug(want), "{text:?} at {p}");
            }
        }
        assert!(found > 1000, "{found}");
    }

    const B: Option<Ymd> = Some((2026, 3, 21));

    #[test]
    fn small_numbers_of_one_character_are_what_parse_number_gives() {
        let mut seen = 0;
        for c in (0..0x1_0000u32).filter_map(char::from_u32).filter(|&c| is_small_num_char(c)) {
            let text = format!("{c}些");
            let want = parse_number(&c.to_string()).map(|v| (v as u32, c.len_utf8()));
            assert_eq!(small_num(&text, 0), want, "{c}");
            seen += 1;
        }
        assert_eq!(seen, 21);
    }

    fn one(t: &str) -> (String, Option<String>) {
        let h = find_dates(t, B);
        assert_eq!(h.len(), 1, "{t}: {h:?}");
        (t[h[0].start..h[0].end].to_string(), h[0].value.clone())
    }

    #[test]
    fn civil_roundtrip() {
        for z in -800_000..800_000i64 {
            if z % 997 == 0 {
                assert_eq!(days_from_civil(civil_from_days(z)), z);
            }
        }
        assert_eq!(add_days((2026, 3, 1), -1), (2026, 2, 28));
        assert_eq!(add_days((2024, 3, 1), -1), (2024, 2, 29));
    }

    #[test]
    fn lunar_table() {
        assert_eq!(lunar_to_greg(2026, false, 1, 1), Some((2026, 2, 17)));
        assert_eq!(lunar_to_greg(2026, false, 8, 15), Some((2026, 9, 25)));
        assert_eq!(lunar_to_greg(2025, false, 5, 5), Some((2025, 5, 31)));
        assert_eq!(lunar_to_greg(2024, false, 8, 15), Some((2024, 9, 17)));
        assert_eq!(lunar_to_greg(2023, true, 2, 1), Some((2023, 3, 22)));
        assert_eq!(lunar_to_greg(2023, true, 3, 1), None);
        assert_eq!(lunar_to_greg(2040, false, 1, 1), None);
        assert_eq!(qingming_day(2026), 5);
        assert_eq!(qingming_day(2024), 4);
    }

    #[test]
    fn sample_forms() {
        assert_eq!(one("3月17日至19日,市长调研"), ("3月17日至19日".into(), Some("2026-03-17/2026-03-19".into())));
        assert_eq!(one("9月底前完成").1.as_deref(), Some("../2026-09-30"));
        assert_eq!(one("确保一季度经济稳中有进").1.as_deref(), Some("2026-01-01/2026-03-31"));
        assert!(find_dates("建设规模达14398.99平方米,亩产2289斤,12309热线,“1571”部署", B).is_empty());
    }

    #[test]
    fn context_day() {
        let h = find_dates("3月5日开幕，20日闭幕", B);
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].value.as_deref(), Some("2026-03-20"));
        let h = find_dates("2025年12月1日开工，20日竣工", B);
        assert_eq!(h[1].value.as_deref(), Some("2025-12-20"));
    }

    #[test]
    fn no_base() {
        let h = find_dates("2026年3月20日和3月21日", None);
        assert_eq!(h[0].value.as_deref(), Some("2026-03-20"));
        assert_eq!(h[1].value, None);
    }
}
