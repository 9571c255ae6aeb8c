//! Case-insensitive substring search over a list searched on every keystroke
//! (10,000 offers, 1,000+ resellers).
//!
//! The entries are lower-cased once into one haystack, so a keystroke is a
//! single forward scan with one prepared searcher instead of a search (and
//! searcher set-up) per entry.

use memchr::memmem::Finder;
use std::sync::atomic::{AtomicU64, Ordering};

/// Separates entries in the haystack; never part of an entry or a query.
const SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIndex {
    /// Tells indexes apart, so a search memory is only used with its own.
    id: u64,
    haystack: String,
    /// Byte offset where each entry starts in `haystack`.
    starts: Vec<usize>,
}

/// What a search found: how many entries match, and the first few of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    pub total: usize,
    /// Entry positions, in list order.
    pub first: Vec<usize>,
}

impl Matches {
    /// Matches not among the first.
    pub fn remaining(&self) -> usize {
        self.total.saturating_sub(self.first.len())
    }
}

fn normalise(text: &str) -> String {
    crate::text::to_lowercase(&text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>())
}

impl SearchIndex {
    /// One entry per item, in order; an item's searchable text may be several
    /// parts (name and id, say), matched as if joined by a space.
    pub fn new<I, P, S>(entries: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut haystack = String::new();
        let mut starts = Vec::new();
        for parts in entries {
            starts.push(haystack.len());
            for (i, part) in parts.into_iter().enumerate() {
                if i > 0 {
                    haystack.push(' ');
                }
                haystack.push_str(&normalise(part.as_ref()));
            }
            haystack.push(SEPARATOR);
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Self { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), haystack, starts }
    }

    /// Unique to this index (and its clones): a new list gets a new one.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Entries whose text contains `query` (trimmed, any case) and for which
    /// `keep` holds (a category filter, say). An empty query matches all.
    pub fn search(&self, query: &str, keep: impl FnMut(usize) -> bool, limit: usize) -> Matches {
        self.search_from(&mut SearchMemory::default(), query, keep, limit)
    }

    /// [`search`](Self::search), remembering the entries that contain the
    /// query in `memory`: when the next query contains this one (the user
    /// typed on), only those entries are searched again.
    pub fn search_from(&self, memory: &mut SearchMemory, query: &str, mut keep: impl FnMut(usize) -> bool, limit: usize) -> Matches {
        let needle = normalise(query.trim());
        let needle = needle.trim();
        let mut found = Matches { total: 0, first: Vec::with_capacity(limit.min(self.len())) };
        let mut take = |entry: usize| {
            if keep(entry) {
                found.total += 1;
                if found.first.len() < limit {
                    found.first.push(entry);
                }
            }
        };
        if needle.is_empty() {
            memory.clear();
            (0..self.len()).for_each(&mut take);
            return found;
        }
        let finder = Finder::new(needle.as_bytes());
        let narrowing = memory.index == self.id && !memory.needle.is_empty() && needle.contains(memory.needle.as_str());
        let hits = if narrowing {
            memory.hits.iter().copied().filter(|&entry| finder.find(self.entry(entry as usize)).is_some()).collect()
        } else {
            self.scan(&finder)
        };
        hits.iter().for_each(|&entry| take(entry as usize));
        *memory = SearchMemory { needle: needle.to_owned(), hits, index: self.id };
        found
    }

    /// Every entry containing the needle, in one pass over the haystack.
    fn scan(&self, finder: &Finder) -> Vec<u32> {
        let haystack = self.haystack.as_bytes();
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(offset) = finder.find(&haystack[from..]) {
            let at = from + offset;
            let entry = self.starts.partition_point(|&start| start <= at) - 1;
            hits.push(entry as u32);
            // The rest of this entry cannot add a match: go on at the next one.
            match self.starts.get(entry + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
        hits
    }

    fn entry(&self, entry: usize) -> &[u8] {
        let end = self.starts.get(entry + 1).map_or(self.haystack.len(), |&next| next - SEPARATOR.len_utf8());
        &self.haystack.as_bytes()[self.starts[entry]..end]
    }
}

/// The last query and the entries containing it (see [`SearchIndex::search_from`]).
#[derive(Debug, Clone, Default)]
pub struct SearchMemory {
    needle: String,
    hits: Vec<u32>,
    /// The index searched, so a new catalogue starts afresh.
    index: u64,
}

impl SearchMemory {
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[&str]) -> SearchIndex {
        SearchIndex::new(names.iter().map(|n| [*n]))
    }

    #[test]
    fn finds_substrings_in_any_case_in_list_order() {
        let idx = index(&["Microsoft 365 Business Basic", "Exchange Online (Plan 1)", "Microsoft Teams Essentials"]);
        assert_eq!(idx.search("MICRO", |_| true, 10), Matches { total: 2, first: vec![0, 2] });
        assert_eq!(idx.search("  plan 1 ", |_| true, 10), Matches { total: 1, first: vec![1] });
        assert_eq!(idx.search("nothing", |_| true, 10), Matches { total: 0, first: vec![] });
    }

    #[test]
    fn empty_query_matches_everything_kept() {
        let idx = index(&["a", "b", "c", "d"]);
        assert_eq!(idx.search("", |i| i != 1, 2), Matches { total: 3, first: vec![0, 2] });
    }

    #[test]
    fn counts_every_match_but_returns_only_the_limit() {
        let names: Vec<String> = (0..1000).map(|i| format!("Offer {i}")).collect();
        let idx = SearchIndex::new(names.iter().map(|n| [n.as_str()]));
        let found = idx.search("offer 1", |_| true, 5);
        assert_eq!(found.total, 1 + 10 + 100); // 1, 10–19, 100–199
        assert_eq!(found.first, vec![1, 10, 11, 12, 13]);
    }

    #[test]
    fn an_entry_counts_once_however_often_it_matches() {
        let idx = index(&["aaaa", "baab"]);
        assert_eq!(idx.search("a", |_| true, 10), Matches { total: 2, first: vec![0, 1] });
    }

    #[test]
    fn matches_never_span_two_entries_or_parts() {
        let idx = SearchIndex::new([["Teams", "CFQ7"], ["Basic", "X"]]);
        assert_eq!(idx.search("cfq7basic", |_| true, 10).total, 0);
        assert_eq!(idx.search("teams cfq7", |_| true, 10).first, vec![0]);
        assert_eq!(idx.search("cfq7", |_| true, 10).first, vec![0]);
    }

    #[test]
    fn typing_on_searches_the_previous_matches_and_agrees_with_a_fresh_search() {
        let names: Vec<String> = (0..2000).map(|i| format!("Offer {} plan {}", i % 97, i % 13)).collect();
        let idx = SearchIndex::new(names.iter().map(|n| [n.as_str()]));
        let mut memory = SearchMemory::default();
        for query in ["o", "of", "offer 1", "offer 12", "offer 1", "r 12 p", "", "plan 1", "plan 12", "x", "xy"] {
            let keep = |i: usize| !i.is_multiple_of(3);
            assert_eq!(idx.search_from(&mut memory, query, keep, 7), idx.search(query, keep, 7), "{query}");
        }
        // Another catalogue never reuses the old hits, even one of the same size.
        idx.search_from(&mut memory, "plan 1", |_| true, 7);
        let other = SearchIndex::new(names.iter().map(|n| [n.replace("plan", "tier")]));
        assert_eq!(other.search_from(&mut memory, "plan 12", |_| true, 7).total, 0);
        assert_eq!(other.search_from(&mut memory, "tier 12", |_| true, 7), other.search("tier 12", |_| true, 7));
    }

    #[test]
    fn control_characters_and_non_ascii_are_handled() {
        let idx = index(&["Åsa\u{1f}Öberg AB", "İstanbul Bilişim", "李雷 科技"]);
        assert_eq!(idx.search("åsa öberg", |_| true, 10).first, vec![0]);
        assert_eq!(idx.search("ÖBERG", |_| true, 10).first, vec![0]);
        assert_eq!(idx.search("科技", |_| true, 10).first, vec![2]);
        assert_eq!(idx.search("\u{1f}", |_| true, 10).total, 3, "a control character alone is an empty query");
    }

    #[test]
    fn agrees_with_a_plain_scan() {
        let names: Vec<String> = (0..500).map(|i| format!("Name {} {}", i * 7 % 13, i % 29)).collect();
        let idx = SearchIndex::new(names.iter().map(|n| [n.as_str()]));
        for query in ["1", "12", "name 3", "e 1", "9", "2 2", "x"] {
            let expected: Vec<usize> = names.iter().enumerate().filter(|(_, n)| n.to_lowercase().contains(query)).map(|(i, _)| i).collect();
            let found = idx.search(query, |_| true, usize::MAX);
            assert_eq!(found.first, expected, "{query}");
            assert_eq!(found.total, expected.len());
        }
    }
}
