//! What the table-driven tests (dates, figures) share: reading a TSV table, the surface
//! column's conventions, and the report of the rows that failed.

/// Run `check` on every row of a tab-separated `table` (blank lines and `#` lines
/// skipped; every row needs `min_cols` columns). `check` returns None when the row
/// passes, or what it got. Prints the failing rows and the counts, then fails if any row
/// failed.
pub fn check_table(name: &str, table: &str, min_cols: usize, check: impl Fn(&[&str]) -> Option<String>) {
    let (mut pass, mut fails) = (0, Vec::new());
    for (ln, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= min_cols, "line {}: need {min_cols} columns: {line}", ln + 1);
        match check(&cols) {
            None => pass += 1,
            Some(got) => {
                fails.push(format!("line {}: {} | expected {} | got {got}", ln + 1, cols[0], cols[1..].join("|")))
            }
        }
    }
    for f in &fails {
        println!("FAIL {f}");
    }
    println!("{name} table: {pass} passed, {} failed", fails.len());
    assert!(fails.is_empty(), "{} {name} rows failed", fails.len());
}

/// The surface column: `-` means no hit at all, `!X` no hit whose surface contains X;
/// anything else, some hit for which `exact` holds. `surfaces` are the hits' texts.
pub fn surface_ok(surfaces: &[&str], surf: &str, exact: impl Fn(usize) -> bool) -> bool {
    if surf == "-" {
        surfaces.is_empty()
    } else if let Some(x) = surf.strip_prefix('!') {
        !surfaces.iter().any(|s| s.contains(x))
    } else {
        (0..surfaces.len()).any(exact)
    }
}
