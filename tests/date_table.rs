//! Table-driven date tests: tests/tables/dates.tsv, columns
//! text, base (YYYY-MM-DD or -), expected surface, expected value (or null).
//! Surface `-`: the text must yield no date at all; `!X`: no date whose surface contains X.
use newsfacts::extract::date::find_dates;

fn parse_base(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

#[test]
fn date_table() {
    let table = include_str!("tables/dates.tsv");
    let (mut pass, mut fails) = (0, Vec::new());
    for (ln, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 4, "line {}: need 4 columns: {line}", ln + 1);
        let (text, base, surf, val) = (cols[0], parse_base(cols[1]), cols[2], cols[3]);
        let hits = find_dates(text, base);
        let got: Vec<String> = hits
            .iter()
            .map(|h| format!("{}={}", &text[h.start..h.end], h.value.as_deref().unwrap_or("null")))
            .collect();
        let ok = if surf == "-" {
            hits.is_empty()
        } else if let Some(x) = surf.strip_prefix('!') {
            !hits.iter().any(|h| text[h.start..h.end].contains(x))
        } else {
            let want = if val == "null" { None } else { Some(val) };
            hits.iter().any(|h| &text[h.start..h.end] == surf && h.value.as_deref() == want)
        };
        if ok {
            pass += 1;
        } else {
            fails.push(format!("line {}: {text} | expected {surf}={val} | got {got:?}", ln + 1));
        }
    }
    for f in &fails {
        println!("FAIL {f}");
    }
    println!("date table: {pass} passed, {} failed", fails.len());
    assert!(fails.is_empty(), "{} date rows failed", fails.len());
}
