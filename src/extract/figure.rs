//! Figure extractor. In: one sentence or paragraph of normalised page text. Out:
//! `FigureHit`s (byte offsets, sorted, non-overlapping) for quantities: the number
//! (and upper bound for ranges), the unit as written (base unit, see below), a
//! qualifier (exact/approx/at_least/…), the SI value and unit when the unit table
//! (`dictionaries/units.txt`) gives a conversion, and a best-effort subject.
//!
//! Rules:
//! * Multipliers 万/亿/千/百 between the number and the unit always go into the
//!   number, and the unit is the base unit: 63万亩 → 630000 亩, 5万元 → 50000 元 (CNY),
//!   1.2亿元 → 1.2e8 元. A unit listed in the table wins over a multiplier reading
//!   (3千米 → 3 千米, 5万千瓦 → 50000 千瓦).
//! * Percentages: 85%, 百分之八十五 → 85 "%"; 九成 → 90 "%", 三成五 → 35 "%";
//!   千分之五 → 5 "‰"; 3个百分点 → 3 "个百分点" (no SI); 2倍 → 2 "倍".
//! * Fractions N分之M (三分之一) → the ratio M/N (0.333…) with unit `None`.
//! * Ranges (300—500斤, 20%-30%, 3至5年, 3-5万元, 三四百) → number = low end,
//!   number_max = high end, qualifier range.
//! * Without a unit only large round quantities count (63万, 1.2亿); bare numbers,
//!   codes (12309), years and dates (the date recogniser's spans are skipped),
//!   ordinals (第三场, 十四届全国人大, 四次会议), figures inside short quotations with
//!   a counter or no unit (“1571”, “两个确立”), and 一+counter (一个, 一项) are not figures.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::date::date_spans;
use super::lexicon::CharSet;
use super::numbers::{
    char_at, cn_digit, cn_unit, is_cn_num_char, lit, lit_any, parse_arabic, parse_number, prev_char, scan_arabic,
    scan_cn, NUMERAL_START,
};
use super::scan::{Decoded, Region};
use crate::dictionaries;

/// How the number relates to the true quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    Approx,
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
    Range,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::Range => "range",
        }
    }
}

/// One quantity mention; `text[start..end]` is its surface (qualifier words included).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureHit {
    pub start: usize,
    pub end: usize,
    pub number: f64,
    pub number_max: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Qualifier,
    pub si_value: Option<f64>,
    pub si_unit: Option<String>,
    pub subject: Option<String>,
}

#[derive(Debug)]
struct Unit {
    name: String,
    factor: Option<f64>,
    si: Option<String>,
    class: String,
}

struct Units {
    ac: Option<AhoCorasick>,
    list: Vec<Unit>,
}

static UNITS: LazyLock<Units> = LazyLock::new(|| {
    let mut list = Vec::new();
    for line in dictionaries::get("units").lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(name), Some(fac), Some(si), Some(class)) = (f.first(), f.get(1), f.get(2), f.get(3)) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let factor = fac.parse::<f64>().ok().filter(|v| v.is_finite());
        let si = (*si != "-" && !si.is_empty()).then(|| si.to_string());
        list.push(Unit {
            name: name.to_string(),
            factor: factor.filter(|_| si.is_some()),
            si,
            class: class.to_string(),
        });
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(list.iter().map(|u| u.name.as_str()))
        .ok();
    Units { ac, list }
});

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Units that are not units when followed by these characters (部分, 所以, 十四届全国…).
fn unit_blocked(u: &Unit, s: &str, e: usize) -> bool {
    let next = char_at(s, e);
    let nx = |set: &str| next.is_some_and(|c| set.contains(c));
    match u.name.as_str() {
        "届" => next.is_some_and(is_cjk) && lit_any(s, e, &["以上", "以下", "左右", "多"]).is_none(),
        "次" => lit_any(s, e, &["会议", "全会", "全体会议", "代表大会", "党代会", "常委会"]).is_some(),
        "所" => nx("以有在属得谓"),
        "起" => nx("步来点草诉到源始飞跑色伏码"),
        "期" => nx("间待望限盼货刊"),
        "部" => nx("署分长委门位"),
        "名" => nx("单称义额字"),
        "本" => nx("地市身着次届年月报质领"),
        "间" => nx("隔接断歇"),
        "元" => nx("素旦首"),
        "天" => nx("然津下空"),
        "年" => nx("级代"),
        "度" => nx("假过"),
        "周" => nx("边围末"),
        "家" => nx("庭乡属园"),
        "两" => nx("岸会地国党"),
        "位" => nx("于置"),
        "口" => nx("岸号径"),
        "块" => nx("钱"),
        "片" => nx("区面"),
        "支" => nx("持付撑出"),
        "对" => nx("于接标照此"),
        "组" => nx("织成建"),
        "处" => nx("理置于长"),
        "头" => nx("条号脑"),
        "米" => nx("饭粒面"),
        _ => false,
    }
}

fn unit_at(s: &str, p: usize) -> Option<(usize, &'static Unit)> {
    let units = &*UNITS;
    let ac = units.ac.as_ref()?;
    if p >= s.len() {
        return None;
    }
    let m = ac.find(Input::new(s).range(p..).anchored(Anchored::Yes))?;
    let u = units.list.get(m.pattern().as_usize())?;
    if unit_blocked(u, s, m.end()) {
        return None;
    }
    Some((m.end(), u))
}

/// Short quotations (content ≤ 10 chars) as byte spans (open quote .. close quote end).
fn short_quotes(part: Region) -> Vec<(usize, usize)> {
    let s = part.text();
    let mut open: [Option<(usize, usize)>; 4] = [None; 4]; // (byte, end of the mark)
    let mut out = Vec::new();
    let mut i = 0;
    let mut marks = part.scan();
    while let Some((b, c)) = marks.find(&SHORT_QUOTE_MARKS, i) {
        i = b + c.len_utf8();
        for (k, (o, cl)) in SHORT_QUOTE_PAIRS.iter().enumerate() {
            if c == *o {
                open[k] = Some((b, i));
            } else if c == *cl {
                if let Some((ob, inner)) = open[k].take() {
                    // At most 10 characters inside.
                    if s[inner..b].chars().nth(10).is_none() {
                        out.push((ob, i));
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out
}

const SHORT_QUOTE_PAIRS: [(char, char); 4] = [('“', '”'), ('「', '」'), ('‘', '’'), ('『', '』')];
static SHORT_QUOTE_MARKS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(SHORT_QUOTE_PAIRS.iter().flat_map(|&(o, c)| [o, c])));

/// The sets the figure finder scans for: the characters a number starts with, and
/// quotation marks.
pub(crate) fn scanned_sets() -> [&'static CharSet; 2] {
    [&NUMERAL_START, &SHORT_QUOTE_MARKS]
}

fn in_short_quote(q: &[(usize, usize)], a: usize, b: usize) -> bool {
    let i = q.partition_point(|&(s, _)| s <= a);
    // spans of different quote types may nest; look at a few preceding spans
    q.get(i.saturating_sub(4)..i).is_some_and(|w| w.iter().any(|&(s, e)| s <= a && b <= e))
}

/// One side of a figure: number [多/余] [multipliers] [unit].
#[derive(Debug, Clone)]
struct Side {
    end: usize,
    value: f64,
    max: Option<f64>,
    unit: Option<&'static Unit>,
    unit_name: Option<String>,
    more: bool,
    mult: f64,
    big: bool,
    cn_one: bool,
}

impl Side {
    /// A number read after 百分之 / 千分之: the unit is the percent or permille sign.
    fn percent(end: usize, value: f64, max: Option<f64>, pct: Option<&str>) -> Side {
        Side {
            end,
            value,
            max,
            unit: None,
            unit_name: pct.map(String::from),
            more: false,
            mult: 1.0,
            big: false,
            cn_one: false,
        }
    }
}

/// Number at `p`: (end, value, approximate-range max, contains 万/亿, is bare Chinese 一).
fn number_at(s: &str, p: usize) -> Option<(usize, f64, Option<f64>, bool, bool)> {
    let c = char_at(s, p)?;
    if c.is_ascii_digit() {
        let e = scan_arabic(s, p);
        let v = parse_arabic(s.get(p..e)?)?;
        return Some((e, v, None, false, false));
    }
    if !is_cn_num_char(c) {
        return None;
    }
    let mut e = scan_cn(s, p);
    let mut run = s.get(p..e)?;
    if run.chars().count() > 1 && run.ends_with('两') && run != "一两" {
        e -= '两'.len_utf8();
        run = s.get(p..e)?;
    }
    let full = parse_number(run);
    // a listed unit that starts with a multiplier wins: 三千米 = 3 千米, 五万千瓦 = 5万 千瓦
    if let Some(last) = run.chars().next_back().filter(|c| cn_unit(*c).is_some()) {
        let q0 = e - last.len_utf8();
        if q0 > p && unit_at(s, q0).is_some() {
            if let Some(v) = parse_number(s.get(p..q0)?) {
                let run0 = s.get(p..q0)?;
                return Some((q0, v, None, run0.contains(['万', '亿']), run0 == "一"));
            }
        }
    }
    let big = run.contains(['万', '亿']);
    if let Some(v) = full {
        return Some((e, v, None, big, run == "一"));
    }
    // approximate ranges: 三四百, 十五六, 一两, 二三十
    if run.contains(['〇', '零']) {
        return None;
    }
    let chars: Vec<char> = run.chars().collect();
    for i in 0..chars.len().saturating_sub(1) {
        let (a, b) = (chars.get(i).copied()?, chars.get(i + 1).copied()?);
        let (da, db) = match (cn_digit(a), cn_digit(b)) {
            (Some(x), Some(y)) => (x, y),
            _ => continue,
        };
        if da >= 1 && db == da + 1 {
            let lo: String = chars.iter().enumerate().filter(|&(j, _)| j != i + 1).map(|(_, c)| c).collect();
            let hi: String = chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect();
            let (lo, hi) = (parse_number(&lo)?, parse_number(&hi)?);
            return (lo < hi).then_some((e, lo, Some(hi), big, false));
        }
    }
    None
}

const SEPS: &[&str] = &["——", "—", "–", "－", "-", "~", "～", "〜", "至", "到"];

fn side_at(s: &str, p: usize) -> Option<Side> {
    let (mut q, mut value, mut max, mut big, cn_one) = number_at(s, p)?;
    let arabic = char_at(s, p).is_some_and(|c| c.is_ascii_digit());
    let mut more = false;
    let mut mult = 1.0;
    let mut unit = None;
    let mut unit_name = None;
    loop {
        // 九成, 三成五
        if lit(s, q, "成").is_some() && mult == 1.0 && value <= 10.0 && !more {
            let e = q + '成'.len_utf8();
            if !char_at(s, e).is_some_and(|c| "为本员果功立长型绩就效品熟交都年人团批片功事".contains(c))
            {
                let mut e2 = e;
                let mut v = value * 10.0;
                if let Some(d) = char_at(s, e).and_then(cn_digit) {
                    if !char_at(s, e + 3).is_some_and(is_cn_num_char) {
                        v += d as f64;
                        e2 = e + 3;
                    }
                }
                value = v;
                max = max.map(|m| m * 10.0);
                q = e2;
                unit_name = Some("%".to_string());
                break;
            }
        }
        if let Some((e, u)) = unit_at(s, q) {
            unit = Some(u);
            unit_name = Some(u.name.clone());
            q = e;
            break;
        }
        if !more {
            if let Some(e) = lit_any(s, q, &["多", "余"]) {
                more = true;
                q = e;
                continue;
            }
        }
        if arabic || more {
            if let Some(f) = char_at(s, q).and_then(cn_unit).filter(|&f| f >= 100.0) {
                value *= f;
                max = max.map(|m| m * f);
                mult *= f;
                if f >= 1e4 {
                    big = true;
                }
                q += 3;
                continue;
            }
        }
        break;
    }
    // a trailing 多 after a multiplier-less Chinese count (十多) is handled above; 万多 too
    if unit.is_none() && unit_name.is_none() && !more {
        if let Some(e) = lit_any(s, q, &["多", "余"]) {
            if let Some((e2, u)) = unit_at(s, e) {
                more = true;
                unit = Some(u);
                unit_name = Some(u.name.clone());
                q = e2;
            }
        }
    }
    if !value.is_finite() || max.is_some_and(|m| !m.is_finite()) {
        return None;
    }
    Some(Side { end: q, value, max, unit, unit_name, more, mult, big, cn_one })
}

const PREFIX_Q: &[(&str, Qualifier)] = &[
    ("不少于", Qualifier::AtLeast),
    ("不低于", Qualifier::AtLeast),
    ("不超过", Qualifier::AtMost),
    ("不高于", Qualifier::AtMost),
    ("不大于", Qualifier::AtMost),
    ("约为", Qualifier::Approx),
    ("大约", Qualifier::Approx),
    ("大概", Qualifier::Approx),
    ("将近", Qualifier::Approx),
    ("接近", Qualifier::Approx),
    ("超过", Qualifier::MoreThan),
    ("高于", Qualifier::MoreThan),
    ("大于", Qualifier::MoreThan),
    ("多于", Qualifier::MoreThan),
    ("至少", Qualifier::AtLeast),
    ("最少", Qualifier::AtLeast),
    ("不到", Qualifier::LessThan),
    ("不足", Qualifier::LessThan),
    ("低于", Qualifier::LessThan),
    ("少于", Qualifier::LessThan),
    ("小于", Qualifier::LessThan),
    ("未满", Qualifier::LessThan),
    ("最多", Qualifier::AtMost),
    ("至多", Qualifier::AtMost),
    ("约", Qualifier::Approx),
    ("近", Qualifier::Approx),
    ("超", Qualifier::MoreThan),
    ("逾", Qualifier::MoreThan),
];

fn prefix_qualifier(s: &str, p: usize) -> Option<(usize, Qualifier)> {
    let before = s.get(..p)?;
    let last = *before.as_bytes().last()?;
    for &(w, q) in PREFIX_Q {
        if w.as_bytes().last() == Some(&last) && before.ends_with(w) {
            let start = p - w.len();
            if w == "近" && prev_char(s, start).is_some_and(|c| "最附接将临".contains(c)) {
                return None;
            }
            if w == "超" && prev_char(s, start).is_some_and(|c| "赶高".contains(c)) {
                return None;
            }
            return Some((start, q));
        }
    }
    None
}

fn postfix_qualifier(s: &str, e: usize) -> Option<(usize, Qualifier)> {
    if let Some(e2) = lit(s, e, "以上") {
        return Some((e2, Qualifier::AtLeast));
    }
    if let Some(e2) = lit_any(s, e, &["以下", "以内", "之内"]) {
        return Some((e2, Qualifier::AtMost));
    }
    if let Some(e2) = lit(s, e, "左右") {
        return Some((e2, Qualifier::Approx));
    }
    if let Some(e2) = lit(s, e, "上下") {
        if !char_at(s, e2).is_some_and(|c| "游班级楼文半车功".contains(c)) {
            return Some((e2, Qualifier::Approx));
        }
    }
    None
}

const VERBS: &[&str] = &[
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增长到",
    "下降到",
    "降低到",
    "减少到",
    "达到",
    "高达",
    "多达",
    "已达",
    "将达",
    "约达",
    "增长",
    "增加",
    "提升",
    "提高",
    "下降",
    "降低",
    "减少",
    "完成",
    "突破",
    "实现",
    "共计",
    "总计",
    "合计",
    "累计",
    "占比",
    "占",
    "达",
    "为",
    "是",
    "有",
    "超过",
    "超",
    "逾",
    "近",
    "约",
    "仅",
];
const ADVERBS: &[&str] = &[
    "同比", "环比", "分别", "累计", "预计", "首次", "已经", "已", "将", "可", "均", "全年", "有望", "力争", "再次",
    "共",
];
const STOP: &str = "的了在将已和与及并也都就还把被让使是有对从向为以于等这那该其个中上下里后前时年月日达约近共级";

/// Up to four CJK characters ending at `e` (walking back), stopping at STOP chars.
fn noun_before(s: &str, e: usize) -> Option<String> {
    let before = s.get(..e)?;
    let mut chars: Vec<char> = Vec::new();
    let mut capped = false;
    for c in before.chars().rev() {
        if !is_cjk(c) || STOP.contains(c) {
            break;
        }
        if chars.len() >= 4 {
            capped = true;
            break;
        }
        chars.push(c);
    }
    // cut out of a longer noun (森林覆盖率 → 林覆盖率): keep the 3-char 率 word
    if capped && chars.first() == Some(&'率') {
        chars.truncate(3);
    }
    (chars.len() >= 2).then(|| chars.iter().rev().collect())
}

fn noun_after(s: &str, e: usize) -> Option<String> {
    let after = s.get(e..)?;
    let mut out = String::new();
    let mut n = 0;
    for c in after.chars() {
        if !is_cjk(c) || STOP.contains(c) || n >= 4 || cn_digit(c).is_some() {
            break;
        }
        out.push(c);
        n += 1;
    }
    (n >= 2).then_some(out)
}

fn subject(s: &str, start: usize, end: usize, unit: Option<&Unit>, unit_name: Option<&str>) -> Option<String> {
    let before = s.get(..start)?;
    for v in VERBS {
        if let Some(rest) = before.strip_suffix(v) {
            let mut e = rest.len();
            for _ in 0..2 {
                if let Some(a) = ADVERBS.iter().find(|a| s.get(..e).is_some_and(|b| b.ends_with(*a))) {
                    e -= a.len();
                }
            }
            if let Some(n) = noun_before(s, e) {
                return Some(n);
            }
            break;
        }
    }
    // a measured noun ending in 率/比重/规模/面积/产量 directly before the number
    if let Some(n) = noun_before(s, start) {
        if ["率", "比重", "规模", "面积", "产量", "总量", "人数", "数量", "金额", "总额", "投资"]
            .iter()
            .any(|w| n.ends_with(w))
        {
            return Some(n);
        }
    }
    let counts = unit.is_some_and(|u| matches!(u.class.as_str(), "count" | "mass" | "area" | "length" | "volume"));
    if counts && unit_name.is_some() {
        return noun_after(s, end);
    }
    None
}

fn figure_at(s: &str, p: usize, min_start: usize, quotes: &[(usize, usize)]) -> Option<(FigureHit, usize)> {
    if prev_char(s, p).is_some_and(|c| c == '第' || c.is_ascii_alphabetic() || c == '.' || c == '_') {
        return None;
    }
    // 百分之N / 千分之N
    let (pct, p_num) = if let Some(q) = lit(s, p, "百分之") {
        (Some("%"), q)
    } else if let Some(q) = lit(s, p, "千分之") {
        (Some("‰"), q)
    } else {
        (None, p)
    };
    let mut side1 =
        if pct == Some("%") && lit(s, p_num, "百").is_some() && !char_at(s, p_num + 3).is_some_and(is_cn_num_char) {
            // 百分之百
            Side::percent(p_num + 3, 100.0, None, pct)
        } else if pct.is_some() {
            let (e, v, mx, _, _) = number_at(s, p_num)?;
            Side::percent(e, v, mx, pct)
        } else {
            side_at(s, p)?
        };
    let mut fraction = false;
    if pct.is_none() && side1.unit_name.is_none() && !side1.more && side1.mult == 1.0 && side1.max.is_none() {
        if let Some(q) = lit(s, side1.end, "分之") {
            let (e, v, _, _, _) = number_at(s, q)?;
            if side1.value == 0.0 {
                return None;
            }
            side1.value = v / side1.value;
            side1.end = e;
            fraction = true;
        }
    }
    let mut qualifier = if side1.more { Qualifier::MoreThan } else { Qualifier::Exact };
    let mut number = side1.value;
    let mut number_max = side1.max;
    if number_max.is_some() {
        qualifier = Qualifier::Range;
    }
    let mut end = side1.end;
    let mut unit = side1.unit;
    let mut unit_name = side1.unit_name.clone();
    let mut big = side1.big || side1.mult >= 1e4;
    // ranges
    if !fraction && number_max.is_none() && !side1.more {
        if let Some(q) = lit_any(s, end, SEPS) {
            let q = lit(s, q, "百分之").unwrap_or(q);
            if let Some(side2) = side_at(s, q) {
                let same_unit = match (&unit_name, &side2.unit_name) {
                    (None, Some(_)) => true,
                    (Some(a), Some(b)) => a == b,
                    (None, None) => side2.mult >= 1e4,
                    _ => false,
                };
                let pct2 = lit(s, q.saturating_sub("百分之".len()), "百分之").is_some();
                let mut lo = number;
                if side1.mult == 1.0 && side2.mult > 1.0 && lo * side2.mult <= side2.value {
                    lo *= side2.mult;
                }
                if (same_unit || (pct.is_some() && pct2)) && side2.max.is_none() && !side2.more && lo < side2.value {
                    number = lo;
                    number_max = Some(side2.value);
                    qualifier = Qualifier::Range;
                    end = side2.end;
                    if side2.unit_name.is_some() {
                        unit = side2.unit;
                        unit_name = side2.unit_name.clone();
                    }
                    big = big || side2.big || side2.mult >= 1e4;
                }
            }
        }
    }
    // qualifiers
    let mut start = p;
    if let Some((e2, q)) = postfix_qualifier(s, end) {
        if qualifier != Qualifier::Range {
            qualifier = q;
        }
        end = e2;
    } else if let Some((st, q)) = prefix_qualifier(s, p) {
        if st >= min_start {
            if qualifier == Qualifier::Exact {
                qualifier = q;
            }
            start = st;
        }
    }
    // negative temperatures: 零下5℃, -5℃
    if unit.is_some_and(|u| u.class == "temperature") && start == p {
        if let Some(b) = s.get(..p) {
            if b.ends_with("零下") && p - "零下".len() >= min_start {
                start = p - "零下".len();
                number = -number;
            } else if let Some(c) = b.chars().next_back().filter(|c| matches!(c, '-' | '－' | '−')) {
                let st = p - c.len_utf8();
                if !prev_char(s, st).is_some_and(|x| x.is_ascii_alphanumeric()) && st >= min_start {
                    start = st;
                    number = -number;
                }
            }
        }
    }
    // filters
    let class = unit.map(|u| u.class.as_str());
    if unit_name.is_none() && !fraction && !big {
        return None;
    }
    if unit_name.is_none() && !fraction && char_at(s, p).is_some_and(|c| !c.is_ascii_digit() && cn_digit(c).is_none()) {
        return None;
    }
    if side1.cn_one && !side1.more && qualifier == Qualifier::Exact && matches!(class, Some("count" | "time")) {
        return None;
    }
    if matches!(class, None | Some("count"))
        && pct.is_none()
        && unit_name.as_deref() != Some("%")
        && in_short_quote(quotes, start, end)
    {
        return None;
    }
    if char_at(s, end).is_some_and(|c| c.is_ascii_alphanumeric()) && unit_name.is_none() {
        return None;
    }
    if !number.is_finite() || number_max.is_some_and(|m| !m.is_finite()) {
        return None;
    }
    let (si_value, si_unit) = match unit.and_then(|u| Some((u.factor?, u.si.clone()?))) {
        Some((f, si)) => {
            let v = number * f;
            if v.is_finite() {
                (Some(v), Some(si))
            } else {
                (None, None)
            }
        }
        None => (None, None),
    };
    let subject = subject(s, start, end, unit, unit_name.as_deref());
    let hit = FigureHit { start, end, number, number_max, unit: unit_name, qualifier, si_value, si_unit, subject };
    Some((hit, end))
}

/// Find quantity mentions in `text`.
pub fn find_figures(text: &str) -> Vec<FigureHit> {
    find_figures_outside(Decoded::new(text).all(), &date_spans(text))
}

/// Find quantity mentions in a part of a decoded page outside its `dates` (byte spans
/// relative to the part, in text order).
pub fn find_figures_outside(part: Region, dates: &[(usize, usize)]) -> Vec<FigureHit> {
    let text = part.text();
    let quotes = short_quotes(part);
    let mut out: Vec<FigureHit> = Vec::new();
    let mut di = 0;
    let mut i = 0;
    let mut last_end = 0;
    // Only a numeral can start a figure; inside a date, the first numeral jumps past it.
    let mut chars = part.scan();
    while let Some((at, c)) = chars.find(&NUMERAL_START, i) {
        i = at;
        while dates.get(di).is_some_and(|d| d.1 <= i) {
            di += 1;
        }
        if let Some(d) = dates.get(di) {
            if d.0 <= i {
                i = d.1;
                continue;
            }
        }
        if c.is_ascii_digit() || is_cn_num_char(c) {
            if let Some((h, end)) = figure_at(text, i, last_end, &quotes) {
                let clash = dates.get(di).is_some_and(|d| d.0 < end);
                if !clash && h.start < h.end && h.start >= last_end {
                    last_end = end;
                    i = end;
                    out.push(h);
                    continue;
                }
            }
            if c.is_ascii_digit() {
                let e = scan_arabic(text, i);
                i = e.max(i + 1);
            } else {
                i = scan_cn(text, i).max(i + c.len_utf8());
            }
            continue;
        }
    }
    out
}

/// Round to 12 significant digits, so that 1.39万亿 is 1390000000000, not …999.9998.
pub fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 12 - (x.abs().log10().floor() as i32) - 1;
    if !(-300..=300).contains(&digits) {
        return x;
    }
    let scale = 10f64.powi(digits.abs());
    let r = if digits >= 0 { (x * scale).round() / scale } else { (x / scale).round() * scale };
    if r.is_finite() {
        r
    } else {
        x
    }
}

/// The figure extractor of the pipeline: [`find_figures`] over each article's text.
pub struct FigureExtractor;

impl super::Extractor for FigureExtractor {
    fn kind(&self) -> crate::model::Kind {
        crate::model::Kind::Figure
    }

    fn extract(&self, doc: &super::Doc, out: &mut Vec<crate::model::Mention>) {
        super::per_article(
            doc,
            out,
            crate::model::Kind::Figure,
            |k, _| {
                let dates: Vec<(usize, usize)> = doc.dates()[k].iter().map(|d| (d.start, d.end)).collect();
                find_figures_outside(doc.article_region(&doc.articles[k]), &dates)
            },
            |h| (h.start, h.end),
            |surface, h| {
                if !h.number.is_finite() || h.number_max.is_some_and(|x| !x.is_finite()) {
                    return None;
                }
                // 三个方面, 两个确立: a small Chinese numeral with 个 is a phrase, not a quantity.
                if surface.chars().count() == 2
                    && surface.ends_with('个')
                    && surface.chars().next().is_some_and(|c| "一二两三四五六七八九十几".contains(c))
                {
                    return None;
                }
                Some(crate::model::Detail::Figure {
                    number: round_sig(h.number),
                    number_max: h.number_max.map(round_sig),
                    unit: h.unit,
                    qualifier: h.qualifier.as_str().to_string(),
                    si_value: h.si_value.filter(|v| v.is_finite()).map(round_sig),
                    si_unit: h.si_unit,
                    subject: h.subject,
                })
            },
        );
    }
}

/// Build this module's tables now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&UNITS);
    LazyLock::force(&NUMERAL_START);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character version `short_quotes` replaced, as its oracle.
    fn short_quotes_by_char(s: &str) -> Vec<(usize, usize)> {
        const PAIRS: [(char, char); 4] = [('“', '”'), ('「', '」'), ('‘', '’'), ('『', '』')];
        let mut open: [Option<(usize, usize)>; 4] = [None; 4]; // (byte, char index)
        let mut out = Vec::new();
        for (ci, (b, c)) in s.char_indices().enumerate() {
            for (k, (o, cl)) in PAIRS.iter().enumerate() {
                if c == *o {
                    open[k] = Some((b, ci));
                } else if c == *cl {
                    if let Some((ob, oci)) = open[k] {
                        if ci - oci - 1 <= 10 {
                            out.push((ob, b + c.len_utf8()));
                        }
                        open[k] = None;
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn short_quotes_are_those_of_the_char_walk() {
        let pieces = ["“", "”", "「", "」", "‘", "’", "『", "』", "\"", "3万亩", "字", "a", "，", "𠀋", "\n"];
        let mut next = crate::extract::test_rng(0x2F6B_1D3A_9C0E_4B57u64);
        let mut found = 0;
        for _ in 0..5000 {
            let filler = "字".repeat(next() as usize % 14);
            let text: String = (0..next() % 10)
                .map(
                    |_| if next().is_multiple_of(4) { filler.as_str() } else { pieces[next() as usize % pieces.len()] },
                )
                .collect();
            let want = short_quotes_by_char(&text);
            found += want.len();
            assert_eq!(short_quotes(Decoded::new(&text).all()), want, "{text:?}");
        }
        assert!(found > 300, "{found}");
    }

    type Row = (String, f64, Option<f64>, Option<String>, &'static str);

    fn figs(t: &str) -> Vec<Row> {
        find_figures(t)
            .into_iter()
            .map(|h| (t[h.start..h.end].to_string(), h.number, h.number_max, h.unit, h.qualifier.as_str()))
            .collect()
    }

    #[test]
    fn rounds_float_noise_away() {
        assert_eq!(super::round_sig(1389999999999.9998), 1390000000000.0);
        assert_eq!(super::round_sig(14398.99), 14398.99);
        assert_eq!(super::round_sig(0.1 + 0.2), 0.3);
        assert_eq!(super::round_sig(420000021.00000006), 420000021.0);
    }

    #[test]
    fn units_loaded() {
        assert!(UNITS.list.len() > 50);
        assert!(UNITS.list.iter().any(|u| u.name == "斤" && u.factor == Some(0.5)));
    }

    #[test]
    fn sample_figures() {
        let h = find_figures("朝鲁吐镇63万亩土地,85%是坨沼地。");
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].number, 630000.0);
        assert!((h[0].si_value.unwrap() - 4.2e8).abs() / 4.2e8 < 1e-3);
        assert_eq!(h[0].subject.as_deref(), Some("土地"));
        let f = figs("玉米亩产从300—500斤,提高到1500多斤");
        assert_eq!(f[0], ("300—500斤".into(), 300.0, Some(500.0), Some("斤".into()), "range"));
        assert_eq!(f[1], ("1500多斤".into(), 1500.0, None, Some("斤".into()), "more_than"));
        let h = find_figures("这块地理论亩产达到2289斤!");
        assert_eq!(h[0].si_value, Some(1144.5));
        assert_eq!(h[0].subject.as_deref(), Some("理论亩产"));
    }

    #[test]
    fn not_figures() {
        assert!(figs("增强“四个意识”、做到“两个维护”,“1571”工作部署,“1+9”体系").is_empty());
        assert!(figs("十四届全国人大四次会议,第三场,二十大,2026年,12309热线").is_empty());
        assert!(figs("一道道程序,一步步走,一体推进,一个关键问题").is_empty());
    }

    #[test]
    fn quotes_nested_and_many() {
        let t = "“".repeat(20_000) + "5个";
        assert_eq!(figs(&t).len(), 1);
        let t = "“‘3个’”".to_string();
        assert!(figs(&t).is_empty());
    }
}
