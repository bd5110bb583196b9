//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `typo`, if it is close enough to be what was meant.
pub(crate) fn closest<'a>(
    typo: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let typo_folded = typo.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&typo_folded, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|&(distance, candidate)| distance <= (candidate.len().max(typo.len()) / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// `", did you mean `x`?"` or nothing.
pub(crate) fn did_you_mean<'a>(
    typo: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(typo, candidates).map_or_else(String::new, |name| format!("; did you mean `{name}`?"))
}

/// `"; did you mean `x`?"` when a candidate is close, else `"; {otherwise}"`.
pub(crate) fn hint<'a>(
    typo: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match closest(typo, candidates) {
        Some(name) => format!("; did you mean `{name}`?"),
        None => format!("; {otherwise}"),
    }
}

/// Edit distance where swapping two neighbours counts as one edit (optimal string alignment):
/// `stauts` is one edit from `status`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j].
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = rows[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(rows[i - 1][j] + 1).min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance};

    #[test]
    fn distances() {
        assert_eq!(edit_distance("status", "status"), 0);
        assert_eq!(edit_distance("stauts", "status"), 1);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions() {
        let keys = ["status", "code", "message", "title"];
        assert_eq!(closest("stauts", keys), Some("status"));
        assert_eq!(closest("mesage", keys), Some("message"));
        assert_eq!(closest("CODE", keys), Some("code"));
        assert_eq!(closest("xyz", keys), None);
        assert_eq!(closest("CONFICT", ["CONFLICT", "GONE"]), Some("CONFLICT"));
        assert_eq!(closest("nmae", ["name", "id"]), Some("name"));
    }
}
