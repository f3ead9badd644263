#define _GNU_SOURCE
#include "CPlatform.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int cplatform_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

int cplatform_open_folder_path(int directory, const char *name) {
#ifdef O_PATH
    return openat(directory, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
    return openat(directory, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
}

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// Under a sanitizer the process's allocations are the sanitizer's, not glibc's: glibc's arenas
// were never set up, and mallinfo2 walking them reads through null pointers (it crashed CI's
// AddressSanitizer run). The runtime's entry point, weakly referenced, says whether one is loaded,
// even where this file itself was compiled without the sanitizer.
extern void __asan_init(void) __attribute__((weak));
extern void __tsan_init(void) __attribute__((weak));
extern void __msan_init(void) __attribute__((weak));

static int heap_is_glibcs(void) {
    return __asan_init == NULL && __tsan_init == NULL && __msan_init == NULL;
}

void cplatform_keep_freed_memory(void) {
#if defined(__GLIBC__)
    if (!heap_is_glibcs()) return;
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

void cplatform_release_freed_memory(size_t at_least) {
#if defined(__GLIBC__)
    if (!heap_is_glibcs()) return;
    // mallinfo2 walks the arenas' free lists: far cheaper than a trim that finds little to give
    // back and leaves the next allocations to fault their pages in again.
    if (at_least > 0 && mallinfo2().fordblks < at_least) return;
    malloc_trim(0);
#else
    (void)at_least;
#endif
}

#include <pthread.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_requested = 0;

static void note_stop(int signal_number) {
    (void)signal_number;
    stop_requested = 1;
}

void cplatform_catch_stop_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    // A process inherits its parent's blocked signals across exec: started from a thread that
    // blocks them (a dispatch worker does), Ctrl-C would stay pending for ever.
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &stops, NULL);
}

int cplatform_stop_requested(void) {
    return stop_requested != 0;
}

void *cplatform_map_zeroed(size_t size) {
    void *address = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return address == MAP_FAILED ? NULL : address;
}

void *cplatform_grow_mapping(void *address, size_t size, size_t new_size) {
#if defined(__linux__)
    void *grown = mremap(address, size, new_size, MREMAP_MAYMOVE);
    return grown == MAP_FAILED ? NULL : grown;
#else
    void *grown = cplatform_map_zeroed(new_size);
    if (grown == NULL) return NULL;
    memcpy(grown, address, size);
    munmap(address, size);
    return grown;
#endif
}

void cplatform_unmap(void *address, size_t size) {
    munmap(address, size);
}
