//! How a build asks the kernel for memory.

/// Has the kernel back this process's memory with ordinary 4 KiB pages only, never transparent
/// huge pages (Linux; elsewhere nothing changes). For `build` and `check`, before their heap
/// grows; `knead serve` keeps the default.
///
/// Why: mimalloc asks for huge pages, which make a 10,000-page build up to 8% faster in the
/// best case but cost 30 to 40 MiB of peak memory, and on virtual machines that hand freed
/// memory back to their host (free page reporting) a build whose huge pages have to be backed
/// by the host again takes 0.3 to 0.5 s longer, about one build in three. Without them the page
/// bodies can stay uncompressed within the memory budget (a tenth of Hugo's peak), which saves
/// more than the huge pages would (docs/performance.md#design-choices-made-for-speed, and
/// docs/performance.md#variance-on-virtual-machines).
///
/// The setting is the process's own (`PR_SET_THP_DISABLE`); it is inherited by child processes,
/// which `build` and `check` do not start.
pub fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: this prctl takes integers only and changes nothing but the process's THP flag;
    // if it fails (an old kernel), the build runs as before, so its result is not needed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn turns_off_transparent_huge_pages_for_the_process() {
        super::prefer_small_pages();
        // SAFETY: reads the flag; no pointers.
        let flag = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(flag, 1);
    }
}
