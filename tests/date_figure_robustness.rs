//! Property-ish tests: offsets are char boundaries, surfaces match, hits are sorted and
//! non-overlapping, values are finite, and pathological inputs finish (correctness only).
use newsfacts::extract::{date::find_dates, figure::find_figures, numbers::parse_number};

const PIECES: &[&str] = &[
    "1",
    "2",
    "0",
    "9",
    "3.5",
    "1,000",
    ",",
    ".",
    "-",
    "—",
    "~",
    "至",
    "到",
    "年",
    "月",
    "日",
    "号",
    "季度",
    "前",
    "底",
    "上旬",
    "一",
    "二",
    "两",
    "三",
    "十",
    "百",
    "千",
    "万",
    "亿",
    "〇",
    "零",
    "点",
    "“",
    "”",
    "「",
    "」",
    "‘",
    "’",
    "😀",
    "🇨🇳",
    "%",
    "斤",
    "亩",
    "元",
    "个",
    "项",
    "届",
    "次",
    "第",
    "农历",
    "正月",
    "初",
    "春节",
    "今天",
    "上半年",
    "十四五",
    "以上",
    "多",
    "余",
    "约",
    "超过",
    "不到",
    "成",
    "倍",
    "分之",
    "个百分点",
    "℃",
    "零下",
    "a",
    "G",
    " ",
    "。",
    "，",
    "年代",
    "世纪",
    "上世纪",
    "以来",
    "至今",
    "百分之",
    "千米",
    "平方米",
    "\u{0301}",
    "é",
    "\n",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn check(text: &str) {
    for base in [Some((2026, 3, 21)), None, Some((2026, 2, 30)), Some((-5, 13, 0))] {
        let hits = find_dates(text, base);
        let mut last = 0;
        for h in &hits {
            assert!(h.start < h.end, "{text:?} {h:?}");
            assert!(h.start >= last, "overlap/unsorted in {text:?}: {hits:?}");
            assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{text:?} {h:?}");
            assert!(text.get(h.start..h.end).is_some());
            last = h.end;
        }
    }
    let figs = find_figures(text);
    let mut last = 0;
    for h in &figs {
        assert!(h.start < h.end, "{text:?} {h:?}");
        assert!(h.start >= last, "overlap/unsorted in {text:?}: {figs:?}");
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{text:?} {h:?}");
        assert!(h.number.is_finite(), "{text:?} {h:?}");
        assert!(h.number_max.is_none_or(f64::is_finite));
        assert!(h.si_value.is_none_or(f64::is_finite));
        assert_eq!(h.si_value.is_some(), h.si_unit.is_some());
        last = h.end;
    }
    if let Some(v) = parse_number(text) {
        assert!(v.is_finite());
    }
}

#[test]
fn random_inputs() {
    let mut rng = Lcg(42);
    for _ in 0..4000 {
        let n = (rng.next() % 24) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
        }
        check(&s);
    }
}

#[test]
fn surfaces_match_on_known_text() {
    let t = "😀2026年3月20日😀，“十五五”开局😀63万亩😀土地，85%😀是坨沼地，300—500斤😀。";
    let d = find_dates(t, Some((2026, 3, 21)));
    let surf: Vec<&str> = d.iter().map(|h| &t[h.start..h.end]).collect();
    assert_eq!(surf, ["2026年3月20日", "十五五"]);
    let f = find_figures(t);
    let surf: Vec<&str> = f.iter().map(|h| &t[h.start..h.end]).collect();
    assert_eq!(surf, ["63万亩", "85%", "300—500斤"]);
}

#[test]
fn huge_numbers_are_dropped() {
    let digits = "9".repeat(100_000);
    for suffix in ["", "元", "年", "%", "万亩", "月", "日"] {
        let t = format!("共{digits}{suffix}。");
        check(&t);
        assert!(find_figures(&t).is_empty(), "non-finite number must be dropped");
    }
    assert_eq!(parse_number(&digits), None);
    let t = format!("{digits}.{digits}元");
    check(&t);
    let t = format!("1e999元,{}", "一".repeat(50_000));
    check(&t);
    let cn = "九".repeat(100_000) + "万亿元";
    check(&cn);
}

#[test]
fn many_quotes() {
    for t in [
        "“".repeat(20_000),
        "”".repeat(20_000),
        "“5个”".repeat(20_000),
        "“".repeat(20_000) + "5个" + &"”".repeat(20_000),
        "「‘“".repeat(7_000) + "3月20日增长5%",
    ] {
        check(&t);
    }
    let t = "“5个”".repeat(20_000);
    assert!(find_figures(&t).is_empty());
}

#[test]
fn long_line() {
    // ~2 MB of mixed text (debug build); the release example checks 20 MB.
    let unit = "2026年3月20日，全市63万亩土地中85%是坨沼地，“十五五”时期投资1.2亿元😀；";
    let t = unit.repeat(2_000_000 / unit.len());
    let d = find_dates(&t, Some((2026, 3, 21)));
    let f = find_figures(&t);
    let n = 2_000_000 / unit.len();
    assert_eq!(d.len(), 2 * n);
    assert_eq!(f.len(), 3 * n);
}
