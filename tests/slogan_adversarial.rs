//! Offsets and robustness: every hit is a non-empty span on char boundaries; pathological inputs (20,000 opening
//! quotes in a row, a 20 MB line, unbalanced 《 and quotes, emoji) finish fast and do not panic.

use newsfacts::extract::document::find_documents;
use newsfacts::extract::slogan::find_slogans;
use std::time::Instant;

fn check(text: &str) -> (usize, usize) {
    let s = find_slogans(text);
    let d = find_documents(text);
    let mut last_end = 0;
    for h in &s {
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        assert!(h.start < h.end && !text[h.start..h.end].is_empty());
        assert!(h.start >= last_end, "hits overlap or are unsorted");
        last_end = h.end;
    }
    let mut last_end = 0;
    for h in &d {
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        assert!(h.start < h.end && h.start >= last_end);
        last_end = h.end;
    }
    (s.len(), d.len())
}

#[test]
fn many_opening_quotes() {
    for q in ["“", "”", "「", "‘", "\"", "『", "《", "》", "、"] {
        let t = q.repeat(20_000);
        let t0 = Instant::now();
        check(&t);
        assert!(t0.elapsed().as_secs_f64() < 5.0, "{q}: {:?}", t0.elapsed());
    }
    let t = "“".repeat(20_000) + "两个确立”";
    assert_eq!(check(&t).0, 1);
}

#[test]
fn unbalanced_and_emoji() {
    let cases = [
        "《关于加强党建带团建工作的意见",
        "《《《《意见》",
        "《😀》“😀”「😀」‘😀’\"😀\"",
        "“两个确立”😀“四个意识",
        "以学铸魂、以学增智、以学正风、以学😀促干",
        "、以学、以学、以学、",
        "“”“”‘’「」『』《》",
        "“a”\"\"\"\"\"“\u{200b}”",
        "“ ”“　两个维护　”",
        "X+×＋“X”“+”“×”",
        "\u{10ffff}“\u{10ffff}\u{10ffff}”《\u{10ffff}》",
    ];
    for c in cases {
        check(c);
    }
}

#[test]
fn twenty_megabyte_line() {
    let unit =
        "深入学习贯彻“两个确立”，坚持以学铸魂、以学增智、以学正风、以学促干，落实《意见》要求，“我们说：‘好’”，“痕”和“";
    let mut t = String::with_capacity(21 << 20);
    while t.len() < 20 << 20 {
        t.push_str(unit);
    }
    let t0 = Instant::now();
    let (s, d) = check(&t);
    let el = t0.elapsed();
    println!("20 MB line: {s} slogan hits, {d} document hits in {el:?}");
    assert!(s > 0 && d > 0);
    assert!(el.as_secs_f64() < 60.0, "too slow: {el:?}");
}
