//! A global allocator for the binary and the benchmark: the system allocator, plus a
//! hint to the kernel that large blocks may be backed by transparent huge pages. In: the
//! allocation requests; out: the system allocator's blocks, unchanged.
//!
//! Why: jieba-rs keeps its dictionary in a 16 MB hash table that every character of every
//! page probes at a random place. On 4 KiB pages nearly every probe also misses the TLB,
//! and filling the table at start-up takes 4,096 page faults. With 2 MiB pages the table
//! needs eight. On Linux, where transparent huge pages are set to `madvise` (the common
//! default), a block gets them only when asked, which is what this does for blocks of
//! 4 MiB or more: `madvise(MADV_HUGEPAGE)` on the whole 2 MiB-aligned pages inside the
//! block. Elsewhere, or when huge pages are off, it is the system allocator and nothing
//! more. The hint changes no result, only where memory comes from.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// The system allocator with a huge-page hint for large blocks (see the module docs).
///
/// ```ignore
/// #[global_allocator]
/// static ALLOC: newsfacts::hugepages::HugePageHint = newsfacts::hugepages::HugePageHint;
/// ```
pub struct HugePageHint;

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Turn the hint on or off for the blocks allocated from now on (it is on from the
/// start). The benchmark turns it off to build a jieba-rs exactly as its users get it.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Blocks smaller than this are left alone: they could hold at most one huge page.
const MIN_BLOCK: usize = 4 << 20;

/// The size of a transparent huge page on x86-64 and most aarch64 kernels.
const HUGE_PAGE: usize = 2 << 20;

/// The whole huge pages inside the block at `addr` of `len` bytes, as (start, length).
fn huge_range(addr: usize, len: usize) -> Option<(usize, usize)> {
    if len < MIN_BLOCK {
        return None;
    }
    let start = addr.checked_next_multiple_of(HUGE_PAGE)?;
    let end = addr.checked_add(len)? / HUGE_PAGE * HUGE_PAGE;
    (end > start).then(|| (start, end - start))
}

#[cfg(target_os = "linux")]
fn advise(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    let Some((start, len)) = huge_range(ptr as usize, len) else { return };
    if ENABLED.load(Ordering::Relaxed) {
        // SAFETY: the range lies inside a block the system allocator just handed out,
        // and MADV_HUGEPAGE changes neither its contents nor its mapping; a failure
        // (huge pages not configured) leaves the block as it was, so it is ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_ptr: *mut u8, _len: usize) {}

// SAFETY: every call is passed to `System` unchanged; `advise` only hints at the pages
// of a block that is already allocated.
unsafe impl GlobalAlloc for HugePageHint {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        advise(ptr, layout.size());
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        advise(ptr, layout.size());
        ptr
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let ptr = System.realloc(ptr, layout, new_size);
        advise(ptr, new_size);
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_huge_pages_inside_large_blocks() {
        const MB: usize = 1 << 20;
        // Too small to matter, even when aligned.
        assert_eq!(huge_range(0, 2 * MB), None);
        assert_eq!(huge_range(2 * MB, MIN_BLOCK - 1), None);
        // Aligned: all of it.
        assert_eq!(huge_range(2 * MB, 4 * MB), Some((2 * MB, 4 * MB)));
        // Unaligned: the huge pages that fit inside, nothing outside the block.
        assert_eq!(huge_range(2 * MB + 16, 16 * MB), Some((4 * MB, 14 * MB)));
        assert_eq!(huge_range(MB, 4 * MB), Some((2 * MB, 2 * MB)));
        assert_eq!(huge_range(usize::MAX - MB, MIN_BLOCK), None);
    }

    #[test]
    fn large_blocks_stay_usable() {
        // Allocate, write, grow and free through the hint, as jieba's table does.
        let layout = Layout::from_size_align(16 << 20, 8).unwrap();
        unsafe {
            let p = HugePageHint.alloc_zeroed(layout);
            assert!(!p.is_null());
            assert!(std::slice::from_raw_parts(p, layout.size()).iter().all(|&b| b == 0));
            p.add(layout.size() - 1).write(7);
            let q = HugePageHint.realloc(p, layout, 24 << 20);
            assert!(!q.is_null());
            assert_eq!(q.add(layout.size() - 1).read(), 7);
            HugePageHint.dealloc(q, Layout::from_size_align(24 << 20, 8).unwrap());
        }
    }
}
