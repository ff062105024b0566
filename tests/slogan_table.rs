//! Table-driven test of `find_slogans`: tests/tables/slogans.tsv holds one sentence per row with the expected
//! slogans ('|'-separated, '-' for none). A row passes when the set of canonical hit texts equals the expected set.
//! Failing rows and the pass rate are printed; the test asserts that at least 90% of rows pass.

use newsfacts::extract::slogan::{canonical, find_slogans};
use std::collections::BTreeSet;

#[test]
fn slogan_table() {
    let table = include_str!("tables/slogans.tsv");
    let (mut total, mut pass) = (0usize, 0usize);
    for (ln, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((sentence, expected)) = line.split_once('\t') else {
            panic!("line {}: no tab", ln + 1);
        };
        let sentence = sentence.replace("\\n", "\n");
        let want: BTreeSet<String> = match expected.trim() {
            "-" => BTreeSet::new(),
            e => e.split('|').map(canonical).collect(),
        };
        let hits = find_slogans(&sentence);
        let mut got = BTreeSet::new();
        for h in &hits {
            assert!(sentence.is_char_boundary(h.start) && sentence.is_char_boundary(h.end) && h.start < h.end);
            got.insert(canonical(&sentence[h.start..h.end]));
        }
        total += 1;
        if got == want {
            pass += 1;
        } else {
            println!("FAIL line {}: {}\n     want {:?}\n     got  {:?}", ln + 1, sentence, want, got);
        }
    }
    let rate = pass as f64 / total.max(1) as f64;
    println!("slogan table: {pass}/{total} rows pass ({:.1}%)", rate * 100.0);
    assert!(total >= 150, "table too small: {total}");
    assert!(rate >= 0.9, "pass rate {:.1}% below 90%", rate * 100.0);
}
