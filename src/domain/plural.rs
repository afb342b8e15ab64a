//! Counts in the operator's words: "1 operation running", "2 operations".

/// `n` and the noun, plural unless `n` is one: `count(1, "backup")` is
/// `1 backup`, `count(0, "backup")` is `0 backups`. Every noun the console
/// counts takes a plain `s`.
pub fn count(n: usize, noun: &str) -> String {
    let full = super::time::full_count(n as u64);
    if n == 1 {
        format!("{full} {noun}")
    } else {
        format!("{full} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "operation"), "1 operation");
        assert_eq!(count(0, "operation"), "0 operations");
        assert_eq!(count(2, "recovery point"), "2 recovery points");
    }
}
