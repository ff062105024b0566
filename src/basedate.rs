//! The base date against which 3月20日 or 今年 are resolved: given on the command line,
//! in a JSONL record, in a file name (tongliao-2026-03-21-p1.txt), or inferred from the
//! text (the latest full date it writes out, else a dateline's month and day with the
//! year the text names most often).

use regex::Regex;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Ymd {
    /// A valid Gregorian date, or None.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Ymd { year, month, day })
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Ymd> {
        let mut it = s.trim().splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Ymd::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    pub fn tuple(self) -> (i32, u32, u32) {
        (self.year, self.month, self.day)
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

static NAME_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?:[^0-9]|$)")
        .expect("name date")
});
static FULL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日").expect("full date"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)年").expect("year"));
static DATELINE_MD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Han}]{2,8}?(\d{1,2})月(\d{1,2})日电").expect("dateline md"));

/// A date written in a file name: `tongliao-2026-03-21-p1` → 2026-03-21.
pub fn from_name(name: &str) -> Option<Ymd> {
    let c = NAME_DATE.captures(name)?;
    Ymd::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// Infer the date of a page from its text; None when it gives no clue.
pub fn from_text(text: &str) -> Option<Ymd> {
    let latest = FULL_DATE
        .captures_iter(text)
        .filter_map(|c| Ymd::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
        .max();
    if latest.is_some() {
        return latest;
    }
    let (m, d) = DATELINE_MD.captures(text).and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))?;
    let mut years: HashMap<i32, usize> = HashMap::new();
    for c in YEAR.captures_iter(text) {
        if let Ok(y) = c[1].parse::<i32>() {
            *years.entry(y).or_default() += 1;
        }
    }
    let year = years.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y)?;
    Ymd::new(year, m, d)
}

/// Compile this module's patterns now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    for re in [&NAME_DATE, &FULL_DATE, &YEAR, &DATELINE_MD] {
        LazyLock::force(re);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!(Ymd::parse("2026-03-21"), Ymd::new(2026, 3, 21));
        assert_eq!(Ymd::parse("2026-02-30"), None);
        assert_eq!(Ymd::parse("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".to_string()));
        assert_eq!(Ymd::parse("26-3-1"), None);
    }

    #[test]
    fn dates_from_names_and_text() {
        assert_eq!(from_name("tongliao-2026-03-21-p1"), Ymd::new(2026, 3, 21));
        assert_eq!(from_name("20260321_p2"), Ymd::new(2026, 3, 21));
        assert_eq!(from_name("p12345678"), None);
        assert_eq!(from_text("2025年12月3日，会议在京召开。"), Ymd::new(2025, 12, 3));
        assert_eq!(from_text("新华社北京3月20日电 2026年是开局之年。"), Ymd::new(2026, 3, 20));
        assert_eq!(from_text("没有日期。"), None);
    }
}
