//! In-memory product search: barcode, SKU, word prefixes, then typos.
//!
//! Built once from the catalogue (100,000 products in well under a second)
//! and queried on every keystroke. Names are folded (case and Vietnamese
//! diacritics, `đ` → `d`) so "ca phe" finds "Cà phê sữa đá lon".
//!
//! Ranking, best first:
//! 1. a barcode equal to the query (a scan);
//! 2. a SKU equal to the query;
//! 3. names where every query word starts a word of the name, scored by
//!    exact word matches, the first query word starting the name, then
//!    fewer words and alphabetical order;
//! 4. SKUs starting with the query;
//! 5. names where every query word matches a name word with one or two
//!    typing mistakes (only when the steps above found too few).
//!
//! Inactive products are never offered (a barcode lookup still finds them,
//! so the counter can say the product was deactivated).

use std::collections::HashMap;

use super::Product;
use crate::text::fold;

/// How a search hit matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Barcode,
    Sku,
    Name,
    SkuPrefix,
    Fuzzy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    pub product: &'a Product,
    pub kind: MatchKind,
    /// Position of the product in [`SearchIndex::products`].
    pub position: usize,
}

struct Entry {
    /// Folded name, for tie-breaking and direct word checks.
    folded: Box<str>,
    word_count: u16,
}

/// The search index; it owns the products it was built from.
pub struct SearchIndex {
    products: Vec<Product>,
    entries: Vec<Entry>,
    by_barcode: HashMap<String, u32>,
    /// (folded SKU, entry) sorted by SKU.
    skus: Vec<(Box<str>, u32)>,
    /// Unique folded words, sorted, each with its postings.
    words: Vec<Box<str>>,
    postings: Vec<Vec<Posting>>,
    /// `cumulative[i]` = postings in words[..i]: range sizes in O(1).
    cumulative: Vec<usize>,
}

/// Hits gathered so far, without repeats, up to the limit.
struct Collector<'a> {
    hits: Vec<Hit<'a>>,
    limit: usize,
}

impl<'a> Collector<'a> {
    fn full(&self) -> bool {
        self.hits.len() >= self.limit
    }

    fn push(&mut self, index: &'a SearchIndex, idx: u32, kind: MatchKind) {
        let p = &index.products[idx as usize];
        let position = idx as usize;
        if p.active && !self.full() && !self.hits.iter().any(|h| h.position == position) {
            self.hits.push(Hit {
                product: p,
                kind,
                position,
            });
        }
    }
}

#[derive(Clone, Copy)]
struct Posting {
    entry: u32,
    position: u16,
}

impl SearchIndex {
    pub fn new(products: Vec<Product>) -> SearchIndex {
        let mut entries = Vec::with_capacity(products.len());
        let mut by_barcode = HashMap::with_capacity(products.len());
        let mut skus = Vec::with_capacity(products.len());
        let mut word_map: HashMap<Box<str>, Vec<Posting>> = HashMap::new();
        for (i, p) in products.iter().enumerate() {
            let idx = i as u32;
            let folded = fold(&p.name);
            let mut count = 0u16;
            for (pos, w) in folded.split(' ').filter(|w| !w.is_empty()).enumerate() {
                let list = word_map.entry(Box::from(w)).or_default();
                if list.last().is_none_or(|last| last.entry != idx) {
                    list.push(Posting {
                        entry: idx,
                        position: pos.min(u16::MAX as usize) as u16,
                    });
                }
                count = count.saturating_add(1);
            }
            for b in &p.barcodes {
                by_barcode.insert(b.clone(), idx);
            }
            skus.push((Box::from(p.sku.to_lowercase().as_str()), idx));
            entries.push(Entry {
                folded: folded.into_boxed_str(),
                word_count: count,
            });
        }
        skus.sort_unstable();
        let mut pairs: Vec<(Box<str>, Vec<Posting>)> = word_map.into_iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut words = Vec::with_capacity(pairs.len());
        let mut postings = Vec::with_capacity(pairs.len());
        let mut cumulative = Vec::with_capacity(pairs.len() + 1);
        let mut total = 0;
        for (w, p) in pairs {
            cumulative.push(total);
            total += p.len();
            words.push(w);
            postings.push(p);
        }
        cumulative.push(total);
        SearchIndex {
            products,
            entries,
            by_barcode,
            skus,
            words,
            postings,
            cumulative,
        }
    }

    pub fn len(&self) -> usize {
        self.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// Exact barcode lookup (active or not).
    pub fn by_barcode(&self, code: &str) -> Option<&Product> {
        self.by_barcode.get(code.trim()).map(|&i| &self.products[i as usize])
    }

    /// Ranked search, at most `limit` hits, active products only.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let mut out = Collector {
            hits: Vec::new(),
            limit,
        };
        let raw = query.trim();
        if raw.is_empty() || limit == 0 {
            return out.hits;
        }
        if let Some(&idx) = self.by_barcode.get(raw) {
            out.push(self, idx, MatchKind::Barcode);
        }
        // An exact SKU ranks right after a barcode; SKUs that merely start
        // with the query come after name matches.
        let sku_key = raw.to_lowercase();
        let mut sku_prefixed: Vec<u32> = Vec::new();
        if !sku_key.contains(' ') {
            let start = self.skus.partition_point(|(s, _)| &**s < sku_key.as_str());
            for (s, idx) in self.skus[start..]
                .iter()
                .take_while(|(s, _)| s.starts_with(sku_key.as_str()))
                .take(limit * 2)
            {
                if **s == *sku_key {
                    out.push(self, *idx, MatchKind::Sku);
                } else {
                    sku_prefixed.push(*idx);
                }
            }
        }
        if out.full() {
            return out.hits;
        }
        let folded = fold(raw);
        let mut tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        tokens.dedup();
        if tokens.is_empty() || tokens.len() > 16 {
            return out.hits;
        }
        let ranges: Vec<Vec<usize>> = tokens.iter().map(|t| self.prefix_words(t)).collect();
        let scored = self.match_all(&tokens, &ranges);
        self.take_best(scored, MatchKind::Name, &mut out);
        for idx in sku_prefixed {
            out.push(self, idx, MatchKind::SkuPrefix);
        }
        if !out.full() && tokens.iter().any(|t| t.chars().count() >= 3) {
            let ranges: Vec<Vec<usize>> = tokens
                .iter()
                .zip(&ranges)
                .map(|(t, exact)| {
                    let mut r = exact.clone();
                    r.extend(self.fuzzy_words(t));
                    r.sort_unstable();
                    r.dedup();
                    r
                })
                .collect();
            let scored = self.match_all(&tokens, &ranges);
            self.take_best(scored, MatchKind::Fuzzy, &mut out);
        }
        out.hits
    }

    fn take_best<'a>(&'a self, mut scored: Vec<(i64, u32)>, kind: MatchKind, out: &mut Collector<'a>) {
        scored.retain(|(_, idx)| self.products[*idx as usize].active);
        // enough to fill the list even if some are already taken
        let want = out.limit * 2;
        let order = |a: &(i64, u32), b: &(i64, u32)| {
            b.0.cmp(&a.0)
                .then_with(|| {
                    self.entries[a.1 as usize]
                        .folded
                        .cmp(&self.entries[b.1 as usize].folded)
                })
                .then_with(|| a.1.cmp(&b.1))
        };
        if scored.len() > want {
            scored.select_nth_unstable_by(want, order);
            scored.truncate(want);
        }
        scored.sort_unstable_by(order);
        for (_, idx) in scored {
            if out.full() {
                break;
            }
            out.push(self, idx, kind);
        }
    }

    /// Indices of words starting with `token`.
    fn prefix_words(&self, token: &str) -> Vec<usize> {
        let start = self.words.partition_point(|w| &**w < token);
        let end = start + self.words[start..].iter().take_while(|w| w.starts_with(token)).count();
        (start..end).collect()
    }

    /// Indices of words within one typing mistake (two for long tokens)
    /// of `token`, or whose beginning is.
    fn fuzzy_words(&self, token: &str) -> Vec<usize> {
        let t: Vec<char> = token.chars().collect();
        if t.len() < 3 {
            return Vec::new();
        }
        let max = if t.len() >= 7 { 2 } else { 1 };
        let mut out = Vec::new();
        let mut buf: Vec<char> = Vec::with_capacity(32);
        for (i, w) in self.words.iter().enumerate() {
            let wl = w.chars().count();
            if wl + max < t.len() {
                continue;
            }
            buf.clear();
            buf.extend(w.chars().take(t.len() + max));
            if within_distance(&t, &buf, max) {
                out.push(i);
            }
        }
        out
    }

    /// Entries where every token matches one of its word ranges, scored.
    fn match_all(&self, tokens: &[&str], ranges: &[Vec<usize>]) -> Vec<(i64, u32)> {
        let n = tokens.len();
        let sizes: Vec<usize> = ranges
            .iter()
            .map(|r| r.iter().map(|&w| self.cumulative[w + 1] - self.cumulative[w]).sum())
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| sizes[i]);
        // Candidates start from the most selective token; each further
        // token keeps only the entries it also matches. Scores live in a
        // dense array (0 = not a candidate): no hashing on the hot path.
        let first = order[0];
        let mut score = vec![0i32; self.entries.len()];
        let mut cand: Vec<u32> = Vec::new();
        for &w in &ranges[first] {
            let exact = *self.words[w] == *tokens[first];
            for p in &self.postings[w] {
                let s = word_score(exact, p.position, first);
                let slot = &mut score[p.entry as usize];
                if *slot == 0 {
                    cand.push(p.entry);
                }
                *slot = (*slot).max(s);
            }
        }
        let mut best = vec![0i32; self.entries.len()];
        for &ti in &order[1..] {
            if cand.is_empty() {
                break;
            }
            // Walk the postings when they are few, else check candidates directly.
            if sizes[ti] <= cand.len() * 4 {
                for &w in &ranges[ti] {
                    let exact = *self.words[w] == *tokens[ti];
                    for p in &self.postings[w] {
                        let e = p.entry as usize;
                        if score[e] > 0 {
                            best[e] = best[e].max(word_score(exact, p.position, ti));
                        }
                    }
                }
            } else {
                let range_words: Vec<&str> = ranges[ti].iter().map(|&w| &*self.words[w]).collect();
                for &e in &cand {
                    let e = e as usize;
                    for (pos, word) in self.entries[e].folded.split(' ').enumerate() {
                        if range_words.binary_search(&word).is_ok() {
                            let s = word_score(word == tokens[ti], pos as u16, ti);
                            best[e] = best[e].max(s);
                        }
                    }
                }
            }
            cand.retain(|&e| {
                let e = e as usize;
                let b = std::mem::take(&mut best[e]);
                if b > 0 {
                    score[e] += b;
                    true
                } else {
                    score[e] = 0;
                    false
                }
            });
        }
        cand.into_iter()
            .map(|e| {
                let s = i64::from(score[e as usize]);
                (s * 1000 - i64::from(self.entries[e as usize].word_count), e)
            })
            .collect()
    }
}

/// Score of one query word matching one name word.
fn word_score(exact: bool, position: u16, token_index: usize) -> i32 {
    let mut s = 1;
    if exact {
        s += 2;
    }
    if position == 0 && token_index == 0 {
        s += 3;
    }
    s
}

/// Optimal-string-alignment distance between `a` and `b` is at most `max`.
fn within_distance(a: &[char], b: &[char], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        // a prefix of b may still be close
        if b.len() > a.len() {
            return within_distance(a, &b[..a.len() + max.min(b.len() - a.len())], max);
        }
        return false;
    }
    let n = b.len();
    let mut prev2: Vec<usize> = vec![0; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
    let mut best_end = usize::MAX;
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    // whole b, or b cut anywhere at or after a's length minus max (a prefix of the word)
    for v in &prev[a.len().saturating_sub(max).min(n)..=n] {
        best_end = best_end.min(*v);
    }
    best_end <= max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::VatRate;
    use crate::money::Vnd;

    fn product(id: i64, sku: &str, barcode: &str, name: &str) -> Product {
        Product {
            id,
            sku: sku.into(),
            barcodes: if barcode.is_empty() {
                vec![]
            } else {
                vec![barcode.into()]
            },
            name: name.into(),
            unit: "cái".into(),
            price: Vnd(1000),
            vat: VatRate::Eight,
            tags: vec![],
            active: true,
            stock_milli: 0,
            by_measure: false,
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            product(1, "CAFE-SUA", "8936000001025", "Cà phê sữa đá lon 235ml"),
            product(2, "CAFE-DEN", "", "Cà phê đen gói"),
            product(3, "CAO-TRAM", "8936000000608", "Cao dầu tràm 20g"),
            product(4, "DUONG", "", "Đường cát trắng"),
            product(5, "BANH-CA", "", "Bánh cá nướng phê"),
            product(6, "SUA-TUOI", "8936000001162", "Sữa tươi tiệt trùng 1L"),
            product(7, "CA", "", "Mực khô"),
        ])
    }

    fn ids(hits: &[Hit<'_>]) -> Vec<i64> {
        hits.iter().map(|h| h.product.id).collect()
    }

    #[test]
    fn folded_words_find_vietnamese_names() {
        let idx = index();
        let hits = idx.search("ca phe", 20);
        assert_eq!(ids(&hits)[..2], [2, 1]);
        assert!(ids(&hits).contains(&5));
        let hits = idx.search("duong", 5);
        assert_eq!(hits[0].product.id, 4);
        // "nướng" is one letter away: offered after, as a likely typo
        assert!(hits[1..].iter().all(|h| h.kind == MatchKind::Fuzzy));
        assert_eq!(idx.search("ĐƯỜNG", 5)[0].product.id, 4);
        assert_eq!(ids(&idx.search("sua da", 5)), vec![1]);
    }

    #[test]
    fn a_scanned_barcode_comes_first_then_sku() {
        let idx = index();
        let hits = idx.search("8936000000608", 5);
        assert_eq!(hits[0].product.id, 3);
        assert_eq!(hits[0].kind, MatchKind::Barcode);
        let hits = idx.search("ca", 10);
        assert_eq!(hits[0].product.id, 7, "exact SKU before names");
        assert_eq!(hits[0].kind, MatchKind::Sku);
        assert_eq!(hits[1].kind, MatchKind::Name);
        let hits = idx.search("cafe-", 10);
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.kind == MatchKind::SkuPrefix));
    }

    #[test]
    fn names_starting_with_the_query_rank_before_others() {
        let idx = index();
        let hits = idx.search("phe", 10);
        // none starts with phê: equal scores, then fewer words, then
        // alphabetical ("Bánh cá nướng phê" and "Cà phê đen gói" have four
        // words, "Cà phê sữa đá lon 235ml" six)
        assert_eq!(ids(&hits), vec![5, 2, 1]);
        let hits = idx.search("sua", 10);
        // Sữa tươi starts with sữa; Cà phê sữa has it as a later word
        assert_eq!(ids(&hits), vec![6, 1]);
    }

    #[test]
    fn typos_are_forgiven_after_exact_matches() {
        let idx = index();
        let hits = idx.search("sau tuoi", 5);
        assert_eq!(ids(&hits), vec![6]);
        assert_eq!(hits[0].kind, MatchKind::Fuzzy);
        let hits = idx.search("duomg", 5);
        assert!(ids(&hits).contains(&4));
        assert!(idx.search("xyzxyz", 5).is_empty());
    }

    #[test]
    fn inactive_products_are_not_offered_but_barcode_lookup_finds_them() {
        let mut products = index().products;
        products[2].active = false;
        let idx = SearchIndex::new(products);
        assert!(idx.search("8936000000608", 5).is_empty());
        assert!(!ids(&idx.search("cao tram", 5)).contains(&3));
        assert_eq!(idx.by_barcode("8936000000608").map(|p| p.id), Some(3));
    }

    #[test]
    fn limit_is_respected_and_empty_query_finds_nothing() {
        let idx = index();
        assert_eq!(idx.search("c", 2).len(), 2);
        assert!(idx.search("   ", 5).is_empty());
    }

    #[test]
    fn distance_check() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_distance(&c("sau"), &c("sua"), 1));
        assert!(within_distance(&c("duomg"), &c("duong"), 1));
        assert!(!within_distance(&c("truong"), &c("duong"), 1));
        assert!(within_distance(&c("truong"), &c("duong"), 2));
        assert!(!within_distance(&c("abc"), &c("xyz"), 1));
        assert!(within_distance(&c("tuoi"), &c("tuoi"), 1));
    }
}
