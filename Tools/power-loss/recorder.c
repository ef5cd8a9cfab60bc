/*
 * recorder.c: an LD_PRELOAD shim that records every write and sync a process makes to an LMDB
 * data file, for Tools/power-loss/power_loss.py.
 *
 *   gcc -shared -fPIC -O2 -o recorder.so recorder.c -ldl -lpthread
 *   POWER_LOSS_LOG=/path/to/log LD_PRELOAD=/path/to/recorder.so blotter serve ...
 *
 * Traced files: those whose path ends in "/data.mdb" (or POWER_LOSS_TARGET's value). For each
 * open of one it notes the descriptor and whether it was opened O_DSYNC/O_SYNC (LMDB 0.9 writes
 * meta pages through a second descriptor opened O_WRONLY|O_DSYNC). It then appends to the log:
 *
 *   - every write to a traced descriptor (pwrite, pwrite64, pwritev, write, writev), twice: before
 *     calling through (offset and the bytes) and after it returns (the result and errno). A write
 *     is durable when it returned through an O_DSYNC descriptor, or when a later sync succeeded;
 *     one that began but never returned before a cut may have reached the disk in part. write and
 *     writev write at the descriptor's position, read with lseek(fd, 0, SEEK_CUR) just before the
 *     call, so LMDB's lseek+writev needs no lseek hook (and no later seek can mislead it).
 *   - every fsync/fdatasync of a traced descriptor, before the call and after it (with the result:
 *     only a successful one is a barrier), and every msync (the caller's map address; LMDB without
 *     MDB_WRITEMAP maps the file read-only, so msync is not expected and is only counted);
 *   - ftruncate of a traced descriptor (after it returns), opens and closes.
 *
 * The log descriptor is opened through the real open, is never traced, and is written with the
 * real write under a mutex, one whole record at a time, so threads cannot interleave records.
 * Record layout (little-endian, as on x86_64): struct record below, then `payload` bytes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum {
    REC_OPEN = 1,        /* fd, a = open flags, payload = path */
    REC_WRITE_BEGIN = 2, /* fd, id, a = offset, b = length, flags = 1 if the fd is O_DSYNC; payload = bytes */
    REC_WRITE_END = 3,   /* fd, id, a = result, b = errno */
    REC_SYNC_BEGIN = 4,  /* fd, id, flags = 1 fsync, 2 fdatasync */
    REC_SYNC_END = 5,    /* fd, id, a = result, b = errno */
    REC_TRUNCATE = 6,    /* fd, a = length, b = result (logged after the call) */
    REC_CLOSE = 7,       /* fd */
    REC_MSYNC = 8,       /* a = address, b = length, flags = msync flags (logged after success) */
};

struct record {
    uint32_t type;
    int32_t fd;
    uint64_t id;
    int64_t a;
    int64_t b;
    uint32_t flags;
    uint32_t payload;
};

#define MAX_FDS 65536
#define TRACKED 1u
#define DSYNC 2u
#define APPEND 4u

static unsigned char fd_state[MAX_FDS];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static uint64_t next_id = 1;
static const char *target = "data.mdb";

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static off_t (*real_lseek)(int, off_t, int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_msync)(void *, size_t, int);
static int (*real_close)(int);

#define RESOLVE(name) do { if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name); } while (0)

static void resolve_all(void) {
    RESOLVE(open); RESOLVE(open64); RESOLVE(openat); RESOLVE(openat64);
    RESOLVE(pwrite); RESOLVE(pwrite64); RESOLVE(pwritev); RESOLVE(write); RESOLVE(writev);
    RESOLVE(lseek); RESOLVE(ftruncate); RESOLVE(ftruncate64); RESOLVE(fsync); RESOLVE(fdatasync);
    RESOLVE(msync); RESOLVE(close);
}

__attribute__((constructor)) static void recorder_init(void) {
    resolve_all();
    const char *path = getenv("POWER_LOSS_LOG");
    const char *custom = getenv("POWER_LOSS_TARGET");
    if (custom && *custom) target = custom;
    if (path && *path) {
        log_fd = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
}

static unsigned state_of(int fd) {
    if (fd < 0 || fd >= MAX_FDS || log_fd < 0) return 0;
    return __atomic_load_n(&fd_state[fd], __ATOMIC_ACQUIRE);
}

static int is_target(const char *path) {
    if (!path) return 0;
    size_t n = strlen(path), t = strlen(target);
    if (n < t || strcmp(path + n - t, target) != 0) return 0;
    return n == t || path[n - t - 1] == '/';
}

/* Appends one record: header plus the payload gathered from iov. Caller holds no lock. */
static uint64_t append_record(struct record *r, const struct iovec *iov, int iovcnt, size_t payload) {
    int saved = errno;
    r->payload = (uint32_t)payload;
    pthread_mutex_lock(&log_lock);
    if (r->id == 0) r->id = next_id++;
    uint64_t id = r->id;
    struct iovec all[1 + IOV_MAX];
    int count = 0;
    all[count].iov_base = r; all[count].iov_len = sizeof *r; count++;
    size_t left = payload;
    for (int i = 0; i < iovcnt && left > 0 && count < 1 + IOV_MAX; i++) {
        size_t len = iov[i].iov_len < left ? iov[i].iov_len : left;
        all[count].iov_base = iov[i].iov_base; all[count].iov_len = len; count++;
        left -= len;
    }
    /* Write everything, resuming after partial writes. */
    int at = 0;
    while (at < count) {
        ssize_t done = real_writev(log_fd, all + at, count - at > IOV_MAX ? IOV_MAX : count - at);
        if (done < 0) {
            if (errno == EINTR) continue;
            abort(); /* a log that silently lost a record would make every later check wrong */
        }
        while (at < count && (size_t)done >= all[at].iov_len) { done -= all[at].iov_len; at++; }
        if (at < count) { all[at].iov_base = (char *)all[at].iov_base + done; all[at].iov_len -= done; }
    }
    pthread_mutex_unlock(&log_lock);
    errno = saved;
    return id;
}

static size_t iov_total(const struct iovec *iov, int iovcnt) {
    size_t total = 0;
    for (int i = 0; i < iovcnt; i++) total += iov[i].iov_len;
    return total;
}

static uint64_t write_begin(int fd, unsigned st, off_t offset, const struct iovec *iov, int iovcnt) {
    size_t length = iov_total(iov, iovcnt);
    if (length > UINT32_MAX) abort();
    struct record r = { REC_WRITE_BEGIN, fd, 0, (int64_t)offset, (int64_t)length, (st & DSYNC) ? 1u : 0u, 0 };
    return append_record(&r, iov, iovcnt, length);
}

static void write_end(int fd, uint64_t id, ssize_t result, int error) {
    struct record r = { REC_WRITE_END, fd, id, (int64_t)result, result < 0 ? error : 0, 0, 0 };
    append_record(&r, NULL, 0, 0);
}

static off_t position_for_write(int fd, unsigned st) {
    if (st & APPEND) {
        struct stat s;
        return fstat(fd, &s) == 0 ? s.st_size : -1;
    }
    return real_lseek(fd, 0, SEEK_CUR);
}

static void note_open(int fd, const char *path, int flags) {
    if (fd < 0 || fd >= MAX_FDS || log_fd < 0 || !is_target(path)) return;
    unsigned st = TRACKED | ((flags & O_DSYNC) ? DSYNC : 0) | ((flags & O_APPEND) ? APPEND : 0);
    struct record r = { REC_OPEN, fd, 0, flags, 0, 0, 0 };
    struct iovec v = { (void *)path, strlen(path) };
    append_record(&r, &v, 1, v.iov_len);
    __atomic_store_n(&fd_state[fd], (unsigned char)st, __ATOMIC_RELEASE);
}

static mode_t mode_argument(int flags, va_list ap) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...) {
    RESOLVE(open);
    va_list ap; va_start(ap, flags); mode_t mode = mode_argument(flags, ap); va_end(ap);
    int fd = real_open(path, flags, mode);
    note_open(fd, path, flags);
    return fd;
}

int open64(const char *path, int flags, ...) {
    RESOLVE(open64);
    va_list ap; va_start(ap, flags); mode_t mode = mode_argument(flags, ap); va_end(ap);
    int fd = real_open64(path, flags, mode);
    note_open(fd, path, flags);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...) {
    RESOLVE(openat);
    va_list ap; va_start(ap, flags); mode_t mode = mode_argument(flags, ap); va_end(ap);
    int fd = real_openat(dirfd, path, flags, mode);
    note_open(fd, path, flags);
    return fd;
}

int openat64(int dirfd, const char *path, int flags, ...) {
    RESOLVE(openat64);
    va_list ap; va_start(ap, flags); mode_t mode = mode_argument(flags, ap); va_end(ap);
    int fd = real_openat64(dirfd, path, flags, mode);
    note_open(fd, path, flags);
    return fd;
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    RESOLVE(pwrite);
    unsigned st = state_of(fd);
    if (!st) return real_pwrite(fd, buf, count, offset);
    struct iovec v = { (void *)buf, count };
    uint64_t id = write_begin(fd, st, offset, &v, 1);
    ssize_t result = real_pwrite(fd, buf, count, offset);
    write_end(fd, id, result, errno);
    return result;
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset) {
    RESOLVE(pwrite64);
    unsigned st = state_of(fd);
    if (!st) return real_pwrite64(fd, buf, count, offset);
    struct iovec v = { (void *)buf, count };
    uint64_t id = write_begin(fd, st, offset, &v, 1);
    ssize_t result = real_pwrite64(fd, buf, count, offset);
    write_end(fd, id, result, errno);
    return result;
}

ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset) {
    RESOLVE(pwritev);
    unsigned st = state_of(fd);
    if (!st) return real_pwritev(fd, iov, iovcnt, offset);
    uint64_t id = write_begin(fd, st, offset, iov, iovcnt);
    ssize_t result = real_pwritev(fd, iov, iovcnt, offset);
    write_end(fd, id, result, errno);
    return result;
}

ssize_t write(int fd, const void *buf, size_t count) {
    RESOLVE(write);
    unsigned st = state_of(fd);
    if (!st) return real_write(fd, buf, count);
    struct iovec v = { (void *)buf, count };
    uint64_t id = write_begin(fd, st, position_for_write(fd, st), &v, 1);
    ssize_t result = real_write(fd, buf, count);
    write_end(fd, id, result, errno);
    return result;
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    RESOLVE(writev);
    unsigned st = state_of(fd);
    if (!st) return real_writev(fd, iov, iovcnt);
    uint64_t id = write_begin(fd, st, position_for_write(fd, st), iov, iovcnt);
    ssize_t result = real_writev(fd, iov, iovcnt);
    write_end(fd, id, result, errno);
    return result;
}

static int traced_sync(int fd, int kind, int (*call)(int)) {
    struct record begin = { REC_SYNC_BEGIN, fd, 0, 0, 0, (uint32_t)kind, 0 };
    uint64_t id = append_record(&begin, NULL, 0, 0);
    int result = call(fd);
    int error = errno;
    struct record end = { REC_SYNC_END, fd, id, result, result < 0 ? error : 0, (uint32_t)kind, 0 };
    append_record(&end, NULL, 0, 0);
    errno = error;
    return result;
}

int fsync(int fd) {
    RESOLVE(fsync);
    if (!state_of(fd)) return real_fsync(fd);
    return traced_sync(fd, 1, real_fsync);
}

int fdatasync(int fd) {
    RESOLVE(fdatasync);
    if (!state_of(fd)) return real_fdatasync(fd);
    return traced_sync(fd, 2, real_fdatasync);
}

int msync(void *address, size_t length, int flags) {
    RESOLVE(msync);
    int result = real_msync(address, length, flags);
    if (result == 0 && log_fd >= 0) {
        struct record r = { REC_MSYNC, -1, 0, (int64_t)(intptr_t)address, (int64_t)length, (uint32_t)flags, 0 };
        append_record(&r, NULL, 0, 0);
    }
    return result;
}

int ftruncate(int fd, off_t length) {
    RESOLVE(ftruncate);
    int result = real_ftruncate(fd, length);
    if (state_of(fd)) {
        struct record r = { REC_TRUNCATE, fd, 0, (int64_t)length, result, 0, 0 };
        append_record(&r, NULL, 0, 0);
    }
    return result;
}

int ftruncate64(int fd, off64_t length) {
    RESOLVE(ftruncate64);
    int result = real_ftruncate64(fd, length);
    if (state_of(fd)) {
        struct record r = { REC_TRUNCATE, fd, 0, (int64_t)length, result, 0, 0 };
        append_record(&r, NULL, 0, 0);
    }
    return result;
}

int close(int fd) {
    RESOLVE(close);
    if (state_of(fd)) {
        /* Untracked before the real close, so a descriptor number reused by another thread's
           open right after it is not mistaken for this file. */
        __atomic_store_n(&fd_state[fd], 0, __ATOMIC_RELEASE);
        struct record r = { REC_CLOSE, fd, 0, 0, 0, 0, 0 };
        append_record(&r, NULL, 0, 0);
    }
    return real_close(fd);
}
