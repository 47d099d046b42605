//! A fixed-size bitset over dense document numbers (`u32`), stored as `u64` words.

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bitset {
    pub(crate) words: Vec<u64>,
    len: usize,
}

impl Bitset {
    pub(crate) fn empty(len: usize) -> Bitset {
        Bitset { words: vec![0; len.div_ceil(64)], len }
    }

    pub(crate) fn full(len: usize) -> Bitset {
        let mut set = Bitset { words: vec![u64::MAX; len.div_ceil(64)], len };
        set.trim();
        set
    }

    /// Clears the bits past `len` in the last word, so counts stay exact.
    fn trim(&mut self) {
        let rem = self.len % 64;
        if rem != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << rem) - 1;
            }
        }
    }

    #[inline]
    pub(crate) fn insert(&mut self, i: u32) {
        let i = i as usize;
        if i < self.len {
            self.words[i >> 6] |= 1u64 << (i & 63);
        }
    }

    #[inline]
    pub(crate) fn remove(&mut self, i: u32) {
        let i = i as usize;
        if i < self.len {
            self.words[i >> 6] &= !(1u64 << (i & 63));
        }
    }

    #[inline]
    pub(crate) fn contains(&self, i: u32) -> bool {
        let i = i as usize;
        i < self.len && self.words[i >> 6] & (1u64 << (i & 63)) != 0
    }

    #[allow(dead_code)]
    pub(crate) fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub(crate) fn and_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
    }

    pub(crate) fn or_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
    }

    pub(crate) fn and_not_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !*b;
        }
    }

    /// Number of bits set in both.
    pub(crate) fn count_and(&self, other: &Bitset) -> u32 {
        self.words.iter().zip(&other.words).map(|(a, b)| (a & b).count_ones()).sum()
    }

    /// Set bits in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some((wi as u32) * 64 + bit)
            })
        })
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        let mut a = Bitset::empty(130);
        for i in [0, 63, 64, 129, 130, 500] {
            a.insert(i);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 63, 64, 129]);
        assert_eq!(a.count(), 4);
        let full = Bitset::full(130);
        assert_eq!(full.count(), 130);
        assert_eq!(full.count_and(&a), 4);
        let mut b = full.clone();
        b.and_not_with(&a);
        assert_eq!(b.count(), 126);
        assert!(!b.contains(63) && b.contains(62));
        b.or_with(&a);
        assert_eq!(b, full);
        assert_eq!(Bitset::full(0).count(), 0);
    }
}
