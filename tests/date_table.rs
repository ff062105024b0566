//! Table-driven date tests: tests/tables/dates.tsv, columns
//! text, base (YYYY-MM-DD or -), expected surface, expected value (or null).
//! Surface `-`: the text must yield no date at all; `!X`: no date whose surface contains X.
mod common;

use newsfacts::extract::date::find_dates;

fn parse_base(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

#[test]
fn date_table() {
    common::check_table("date", include_str!("tables/dates.tsv"), 4, |cols| {
        let (text, base, surf, val) = (cols[0], parse_base(cols[1]), cols[2], cols[3]);
        let hits = find_dates(text, base);
        let surfaces: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        let want = if val == "null" { None } else { Some(val) };
        let ok = common::surface_ok(&surfaces, surf, |i| surfaces[i] == surf && hits[i].value.as_deref() == want);
        let got: Vec<String> = hits
            .iter()
            .map(|h| format!("{}={}", &text[h.start..h.end], h.value.as_deref().unwrap_or("null")))
            .collect();
        (!ok).then(|| format!("{got:?}"))
    });
}
