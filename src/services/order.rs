//! One stable sort for the whole app. `slice::sort_by` compiles a sort, a few
//! KB of WebAssembly, for every element type and comparison; this one sorts
//! positions under a comparison behind a reference, so the bundle holds one.

use std::cmp::Ordering;

/// Sorts `items` by `order`, keeping equal items in their order (as `sort_by`).
pub(crate) fn sort_by<T>(items: &mut [T], order: impl Fn(&T, &T) -> Ordering) {
    let positions = sorted_positions(items.len(), &|a, b| order(&items[a], &items[b]));
    arrange(items, positions);
}

/// The positions `0..len` in sorted order (not generic: compiled once).
fn sorted_positions(len: usize, order: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| order(a, b));
    positions
}

/// Puts the item at `from[i]` at `i`, in place, one cycle of moves at a time.
fn arrange<T>(items: &mut [T], mut from: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let source = from[at];
            from[at] = at;
            if source == start || source == at {
                break;
            }
            items.swap(at, source);
            at = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::seeded::Rng;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let mut rng = Rng(0x0DDE_5EED_0000_0001);
        for len in 0..60 {
            // Few distinct keys, so equal keys are common and their order is checked.
            let items: Vec<(u8, usize)> = (0..len).map(|i| (rng.below(5) as u8, i)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut theirs = items;
            theirs.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(ours, theirs, "length {len}");
        }
    }
}
