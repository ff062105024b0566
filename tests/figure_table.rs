//! Table-driven figure tests: tests/tables/figures.tsv, columns
//! text, surface, number, number_max, unit, qualifier, si_value, si_unit (`-` = none).
//! Surface `-`: the text must yield no figure at all; `!X`: no figure whose surface contains X.
use newsfacts::extract::figure::find_figures;

fn num(s: &str) -> Option<f64> {
    if s == "-" {
        None
    } else {
        s.parse().ok()
    }
}

fn close(a: Option<f64>, b: Option<f64>, tol: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= tol * b.abs().max(1e-9),
        _ => false,
    }
}

fn opt(s: &str) -> Option<&str> {
    if s == "-" {
        None
    } else {
        Some(s)
    }
}

#[test]
fn figure_table() {
    let table = include_str!("tables/figures.tsv");
    let (mut pass, mut fails) = (0, Vec::new());
    for (ln, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        assert!(c.len() >= 8, "line {}: need 8 columns: {line}", ln + 1);
        let (text, surf) = (c[0], c[1]);
        let hits = find_figures(text);
        let got: Vec<String> = hits
            .iter()
            .map(|h| {
                format!(
                    "{}|{}|{:?}|{:?}|{}|{:?}|{:?}",
                    &text[h.start..h.end],
                    h.number,
                    h.number_max,
                    h.unit,
                    h.qualifier.as_str(),
                    h.si_value,
                    h.si_unit
                )
            })
            .collect();
        let ok = if surf == "-" {
            hits.is_empty()
        } else if let Some(x) = surf.strip_prefix('!') {
            !hits.iter().any(|h| text[h.start..h.end].contains(x))
        } else {
            hits.iter().any(|h| {
                &text[h.start..h.end] == surf
                    && close(Some(h.number), num(c[2]), 1e-6)
                    && close(h.number_max, num(c[3]), 1e-6)
                    && h.unit.as_deref() == opt(c[4])
                    && h.qualifier.as_str() == c[5]
                    && close(h.si_value, num(c[6]), 1e-3)
                    && h.si_unit.as_deref() == opt(c[7])
            })
        };
        if ok {
            pass += 1;
        } else {
            fails.push(format!("line {}: {text} | expected {} | got {got:?}", ln + 1, c[1..8].join("|")));
        }
    }
    for f in &fails {
        println!("FAIL {f}");
    }
    println!("figure table: {pass} passed, {} failed", fails.len());
    assert!(fails.is_empty(), "{} figure rows failed", fails.len());
}
