//! Table-driven figure tests: tests/tables/figures.tsv, columns
//! text, surface, number, number_max, unit, qualifier, si_value, si_unit (`-` = none).
//! Surface `-`: the text must yield no figure at all; `!X`: no figure whose surface contains X.
mod common;

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
    common::check_table("figure", include_str!("tables/figures.tsv"), 8, |c| {
        let (text, surf) = (c[0], c[1]);
        let hits = find_figures(text);
        let surfaces: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        let ok = common::surface_ok(&surfaces, surf, |i| {
            let h = &hits[i];
            surfaces[i] == surf
                && close(Some(h.number), num(c[2]), 1e-6)
                && close(h.number_max, num(c[3]), 1e-6)
                && h.unit.as_deref() == opt(c[4])
                && h.qualifier.as_str() == c[5]
                && close(h.si_value, num(c[6]), 1e-3)
                && h.si_unit.as_deref() == opt(c[7])
        });
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
        (!ok).then(|| format!("{got:?}"))
    });
}
