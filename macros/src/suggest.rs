//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `typo`, if it is close enough to be what was meant.
pub(crate) fn closest<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typo_folded = typo.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&typo_folded, &candidate.to_ascii_lowercase()), candidate))
        .filter(|&(distance, candidate)| distance <= (candidate.len().max(typo.len()) / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// `", did you mean `x`?"` or nothing.
pub(crate) fn did_you_mean<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(typo, candidates).map_or_else(String::new, |name| format!("; did you mean `{name}`?"))
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance};

    #[test]
    fn distances() {
        assert_eq!(edit_distance("status", "status"), 0);
        assert_eq!(edit_distance("stauts", "status"), 2);
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
    }
}
