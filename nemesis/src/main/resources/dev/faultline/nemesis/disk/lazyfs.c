/*
 * faultline-lazyfs: a FUSE pass-through file system that can forget what was not fsynced.
 *
 *   faultline-lazyfs LOWER STATE MOUNTPOINT [fuse options]
 *
 * Every operation goes straight to LOWER (reads need no overlay), but the layer keeps, in memory,
 * how to undo what is not durable yet:
 *   - data: a file's size before its first unsynced change and the original bytes of every range
 *     an unsynced write or truncate overwrote; fsync/fdatasync of the file forgets them;
 *   - names: files created and renames made since the last fsync of their directory (a rename
 *     over an existing file keeps that file under a hidden stash name until then).
 * When the file system is unmounted with STATE/drop present, it undoes all of that (names newest
 * first, then data), as a power loss at that moment would, and writes what it dropped
 * to STATE/report.jsonl. Unmounted without STATE/drop, everything stays (a process crash).
 * Unlinks, mkdir and rmdir are durable at once. Built on the node against libfuse3.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static char lower[PATH_MAX];
static char state[PATH_MAX];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

struct saved { off_t off; size_t len; char *data; };
struct dirty {                 /* unsynced data of one file (by inode) */
    ino_t ino; char *path; off_t orig_size;
    struct saved *saved; size_t n, cap;
    struct dirty *next;
};
enum meta_kind { CREATED, RENAMED };
struct meta {                  /* an unsynced name change; paths relative to the mount */
    enum meta_kind kind; char *path; char *from; char *stash; char *dir; ino_t ino;
    unsigned long seq;         /* order of the change, for a directory fsync racing with new ones */
    struct meta *next;         /* newest first */
};
static struct dirty *dirties;
static struct meta *metas;
static unsigned long stash_seq;
static unsigned long meta_seq;

static void full(char *out, const char *path) { snprintf(out, PATH_MAX, "%s%s", lower, path); }

static char *parent_of(const char *path) {
    char *p = strdup(path), *slash = strrchr(p, '/');
    if (slash == p) p[1] = 0; else if (slash) *slash = 0;
    return p;
}

static struct dirty *dirty_find(ino_t ino) {
    for (struct dirty *d = dirties; d; d = d->next) if (d->ino == ino) return d;
    return NULL;
}

static void dirty_free(struct dirty *d) {
    for (size_t i = 0; i < d->n; i++) free(d->saved[i].data);
    free(d->saved); free(d->path); free(d);
}

/* Takes a file's record off the list (NULL if it has none): writes from now on start a new one. */
static struct dirty *dirty_detach(ino_t ino) {
    for (struct dirty **p = &dirties; *p; p = &(*p)->next) {
        if ((*p)->ino == ino) { struct dirty *d = *p; *p = d->next; d->next = NULL; return d; }
    }
    return NULL;
}

/* Puts a detached record back after a failed fsync, last: drop_unsynced applies it after any newer one, so its older copies win. */
static void dirty_reattach(struct dirty *d) {
    struct dirty **p = &dirties;
    while (*p) p = &(*p)->next;
    *p = d;
}

/* Called under mu before fd's file changes in [off, off+len): keeps what a crash must bring back. */
static void dirty_before(int fd, const char *path, off_t off, off_t len) {
    struct stat st;
    if (fstat(fd, &st) != 0) return;
    struct dirty *d = dirty_find(st.st_ino);
    if (!d) {
        d = calloc(1, sizeof *d);
        d->ino = st.st_ino; d->path = strdup(path); d->orig_size = st.st_size;
        d->next = dirties; dirties = d;
    }
    off_t end = off + len;
    if (end > d->orig_size) end = d->orig_size;
    if (end > st.st_size) end = st.st_size;
    if (off >= end) return;
    for (size_t i = 0; i < d->n; i++) {
        if (d->saved[i].off <= off && d->saved[i].off + (off_t) d->saved[i].len >= end) return;
    }
    char *buf = malloc(end - off);
    ssize_t got = pread(fd, buf, end - off, off);
    if (got <= 0) { free(buf); return; }
    if (d->n == d->cap) { d->cap = d->cap ? 2 * d->cap : 8; d->saved = realloc(d->saved, d->cap * sizeof *d->saved); }
    d->saved[d->n++] = (struct saved) { off, (size_t) got, buf };
}

static void meta_push(enum meta_kind kind, const char *path, const char *from, const char *stash, ino_t ino) {
    struct meta *m = calloc(1, sizeof *m);
    m->kind = kind; m->path = strdup(path); m->from = from ? strdup(from) : NULL;
    m->stash = stash ? strdup(stash) : NULL; m->dir = parent_of(path); m->ino = ino; m->seq = ++meta_seq;
    m->next = metas; metas = m;
}

static void meta_free(struct meta *m) { free(m->path); free(m->from); free(m->stash); free(m->dir); free(m); }

/* fsync of a directory: its creates and renames up to change `upto` are durable; stashed old files go. */
static void meta_sync_dir(const char *dir, unsigned long upto) {
    for (struct meta **p = &metas; *p;) {
        struct meta *m = *p;
        if (m->seq > upto) { p = &m->next; continue; }   /* made while the fsync ran: not covered by it */
        char *from_dir = m->from ? parent_of(m->from) : NULL;
        int hit = strcmp(m->dir, dir) == 0 || (from_dir && strcmp(from_dir, dir) == 0);
        free(from_dir);
        if (hit) {
            if (m->stash) {
                char f[PATH_MAX]; full(f, m->stash);
                struct stat st;
                if (lstat(f, &st) == 0 && st.st_nlink == 1) { struct dirty *d = dirty_detach(st.st_ino); if (d) dirty_free(d); }
                unlink(f);
            }
            *p = m->next; meta_free(m);
        } else p = &m->next;
    }
}

/* ---- pass-through operations ---- */

static int lfs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    if (fi) return fstat(fi->fh, st) == 0 ? 0 : -errno;
    char f[PATH_MAX]; full(f, path);
    return lstat(f, st) == 0 ? 0 : -errno;
}

static int lfs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi,
                       enum fuse_readdir_flags flags) {
    (void) off; (void) fi; (void) flags;
    char f[PATH_MAX]; full(f, path);
    DIR *dp = opendir(f);
    if (!dp) return -errno;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (strcmp(path, "/") == 0 && strncmp(de->d_name, ".lazyfs-stash-", 14) == 0) continue;
        struct stat st = { .st_ino = de->d_ino, .st_mode = de->d_type << 12 };
        if (fill(buf, de->d_name, &st, 0, 0)) break;
    }
    closedir(dp);
    return 0;
}

static int lfs_open(const char *path, struct fuse_file_info *fi) {
    char f[PATH_MAX]; full(f, path);
    int fd = open(f, fi->flags & ~O_TRUNC);
    if (fd < 0) return -errno;
    if (fi->flags & O_TRUNC) {
        pthread_mutex_lock(&mu);
        dirty_before(fd, path, 0, LLONG_MAX / 2);
        int r = ftruncate(fd, 0);
        pthread_mutex_unlock(&mu);
        if (r != 0) { r = -errno; close(fd); return r; }
    }
    fi->fh = fd;
    return 0;
}

static int lfs_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    char f[PATH_MAX]; full(f, path);
    pthread_mutex_lock(&mu);
    int existed = access(f, F_OK) == 0;
    int fd = open(f, fi->flags, mode);
    if (fd < 0) { int e = -errno; pthread_mutex_unlock(&mu); return e; }
    if (!existed) { struct stat st; fstat(fd, &st); meta_push(CREATED, path, NULL, NULL, st.st_ino); }
    pthread_mutex_unlock(&mu);
    fi->fh = fd;
    return 0;
}

static int lfs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) path;
    ssize_t r = pread(fi->fh, buf, size, off);
    return r < 0 ? -errno : (int) r;
}

static int lfs_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    pthread_mutex_lock(&mu);
    dirty_before(fi->fh, path, off, size);
    ssize_t r = pwrite(fi->fh, buf, size, off);
    int e = errno;
    pthread_mutex_unlock(&mu);
    return r < 0 ? -e : (int) r;
}

static int lfs_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    char f[PATH_MAX]; full(f, path);
    int fd = fi ? (int) fi->fh : open(f, O_WRONLY);
    if (fd < 0) return -errno;
    pthread_mutex_lock(&mu);
    dirty_before(fd, path, size, LLONG_MAX / 2);
    int r = ftruncate(fd, size) == 0 ? 0 : -errno;
    pthread_mutex_unlock(&mu);
    if (!fi) close(fd);
    return r;
}

/* The record is taken off before the fsync: a write racing with it keeps its own undo copy. */
static int lfs_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path;
    struct stat st;
    if (fstat(fi->fh, &st) != 0) return -errno;
    pthread_mutex_lock(&mu);
    struct dirty *d = dirty_detach(st.st_ino);
    pthread_mutex_unlock(&mu);
    int r = (datasync ? fdatasync(fi->fh) : fsync(fi->fh)) == 0 ? 0 : -errno;
    if (d) {
        pthread_mutex_lock(&mu);
        if (r == 0) dirty_free(d); else dirty_reattach(d);
        pthread_mutex_unlock(&mu);
    }
    return r;
}

static int lfs_opendir(const char *path, struct fuse_file_info *fi) {
    char f[PATH_MAX]; full(f, path);
    int fd = open(f, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -errno;
    fi->fh = fd;
    return 0;
}

static int lfs_releasedir(const char *path, struct fuse_file_info *fi) { (void) path; close(fi->fh); return 0; }

static int lfs_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
    pthread_mutex_lock(&mu);
    unsigned long upto = meta_seq;
    pthread_mutex_unlock(&mu);
    int r = (datasync ? fdatasync(fi->fh) : fsync(fi->fh)) == 0 ? 0 : -errno;
    if (r == 0) { pthread_mutex_lock(&mu); meta_sync_dir(path, upto); pthread_mutex_unlock(&mu); }
    return r;
}

static int lfs_release(const char *path, struct fuse_file_info *fi) { (void) path; close(fi->fh); return 0; }

static int lfs_rename(const char *from, const char *to, unsigned int flags) {
    if (flags) return -EINVAL;
    char f[PATH_MAX], t[PATH_MAX]; full(f, from); full(t, to);
    struct stat st;
    if (lstat(f, &st) != 0) return -errno;
    pthread_mutex_lock(&mu);
    char stash[64] = { 0 };
    if (S_ISREG(st.st_mode) && access(t, F_OK) == 0) {
        char s[PATH_MAX];
        snprintf(stash, sizeof stash, "/.lazyfs-stash-%lu", ++stash_seq);
        full(s, stash);
        if (link(t, s) != 0) stash[0] = 0;
    }
    int r = rename(f, t) == 0 ? 0 : -errno;
    if (r == 0) {
        meta_push(RENAMED, to, from, stash[0] ? stash : NULL, st.st_ino);
        for (struct dirty *d = dirties; d; d = d->next) {
            if (d->ino == st.st_ino) { free(d->path); d->path = strdup(to); }
        }
    } else if (stash[0]) { char s[PATH_MAX]; full(s, stash); unlink(s); }
    pthread_mutex_unlock(&mu);
    return r;
}

/* Unlinks are durable at once; the last link's records go with the file, so a new file that gets the
   same inode number does not inherit them. */
static int lfs_unlink(const char *path) {
    char f[PATH_MAX]; full(f, path);
    struct stat st;
    int last = lstat(f, &st) == 0 && st.st_nlink == 1;
    pthread_mutex_lock(&mu);
    int r = unlink(f) == 0 ? 0 : -errno;
    if (r == 0 && last) {
        struct dirty *d = dirty_detach(st.st_ino);
        if (d) dirty_free(d);
    }
    pthread_mutex_unlock(&mu);
    return r;
}

static int lfs_mkdir(const char *path, mode_t mode) {
    char f[PATH_MAX]; full(f, path);
    return mkdir(f, mode) == 0 ? 0 : -errno;
}

static int lfs_rmdir(const char *path) {
    char f[PATH_MAX]; full(f, path);
    return rmdir(f) == 0 ? 0 : -errno;
}

static int lfs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    char f[PATH_MAX]; full(f, path);
    return (fi ? fchmod(fi->fh, mode) : chmod(f, mode)) == 0 ? 0 : -errno;
}

static int lfs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    char f[PATH_MAX]; full(f, path);
    return (fi ? futimens(fi->fh, tv) : utimensat(AT_FDCWD, f, tv, AT_SYMLINK_NOFOLLOW)) == 0 ? 0 : -errno;
}

static int lfs_statfs(const char *path, struct statvfs *st) {
    char f[PATH_MAX]; full(f, path);
    return statvfs(f, st) == 0 ? 0 : -errno;
}

static int lfs_fallocate(const char *path, int mode, off_t off, off_t len, struct fuse_file_info *fi) {
    (void) path;
    if (mode) return -EOPNOTSUPP;
    return -posix_fallocate(fi->fh, off, len);
}

static void *lfs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void) conn;
    cfg->use_ino = 1;
    cfg->kernel_cache = 0;
    cfg->entry_timeout = cfg->attr_timeout = cfg->negative_timeout = 0;
    return NULL;
}

static void json_str(FILE *out, const char *s) {
    fputc('"', out);
    for (; *s; s++) { if (*s == '"' || *s == '\\') fputc('\\', out); fputc(*s, out); }
    fputc('"', out);
}

/* Power loss: undo every unsynced change (names newest first, then data); one JSON line each. */
static void drop_unsynced(FILE *out) {
    for (struct meta *m = metas; m; m = m->next) {
        char p[PATH_MAX]; full(p, m->path);
        struct stat st;
        int here = lstat(p, &st) == 0 && st.st_ino == m->ino;
        if (m->kind == CREATED) {
            if (here) unlink(p);
            fprintf(out, "{\"op\":\"create\",\"file\":"); json_str(out, m->path);
            fprintf(out, ",\"undone\":%s}\n", here ? "true" : "false");
        } else {
            char f[PATH_MAX]; full(f, m->from);
            if (here && rename(p, f) == 0) {
                for (struct dirty *d = dirties; d; d = d->next) {
                    if (d->ino == m->ino) { free(d->path); d->path = strdup(m->from); }
                }
            }
            if (m->stash) { char s[PATH_MAX]; full(s, m->stash); if (here) rename(s, p); else unlink(s); }
            fprintf(out, "{\"op\":\"rename\",\"file\":"); json_str(out, m->path);
            fprintf(out, ",\"from\":"); json_str(out, m->from);
            fprintf(out, ",\"undone\":%s}\n", here ? "true" : "false");
        }
    }
    for (struct dirty *d = dirties; d; d = d->next) {
        char f[PATH_MAX]; full(f, d->path);
        struct stat st;
        if (lstat(f, &st) != 0 || st.st_ino != d->ino) continue;   /* unlinked, or its creation undone */
        int fd = open(f, O_WRONLY);
        if (fd < 0) continue;
        long long restored = 0;
        for (size_t i = d->n; i-- > 0;) {                            /* oldest copy written last wins */
            if (pwrite(fd, d->saved[i].data, d->saved[i].len, d->saved[i].off) > 0) restored += d->saved[i].len;
        }
        if (ftruncate(fd, d->orig_size) != 0) perror("ftruncate");
        fsync(fd);
        close(fd);
        long long cut = st.st_size > d->orig_size ? (long long) (st.st_size - d->orig_size) : 0;
        fprintf(out, "{\"op\":\"data\",\"file\":"); json_str(out, d->path);
        fprintf(out, ",\"size\":%lld,\"durable_size\":%lld,\"bytes_dropped\":%lld,\"bytes_restored\":%lld}\n",
                (long long) st.st_size, (long long) d->orig_size, cut, restored);
    }
    sync();
}

static void lfs_destroy(void *data) {
    (void) data;
    char flag[PATH_MAX + 16], report[PATH_MAX + 32], tmp[PATH_MAX + 32];
    snprintf(flag, sizeof flag, "%s/drop", state);
    snprintf(report, sizeof report, "%s/report.jsonl", state);
    snprintf(tmp, sizeof tmp, "%s/report.jsonl.tmp", state);
    pthread_mutex_lock(&mu);
    if (access(flag, F_OK) == 0) {
        FILE *out = fopen(tmp, "w");
        if (out) { drop_unsynced(out); fclose(out); rename(tmp, report); }
    } else {
        while (metas) { struct meta *m = metas; metas = m->next;
            if (m->stash) { char s[PATH_MAX]; full(s, m->stash); unlink(s); } meta_free(m); }
        sync();
    }
    pthread_mutex_unlock(&mu);
}

static const struct fuse_operations ops = {
    .init = lfs_init, .destroy = lfs_destroy, .getattr = lfs_getattr, .readdir = lfs_readdir,
    .open = lfs_open, .create = lfs_create, .read = lfs_read, .write = lfs_write, .truncate = lfs_truncate,
    .fsync = lfs_fsync, .opendir = lfs_opendir, .releasedir = lfs_releasedir, .fsyncdir = lfs_fsyncdir,
    .release = lfs_release, .rename = lfs_rename, .unlink = lfs_unlink, .mkdir = lfs_mkdir, .rmdir = lfs_rmdir,
    .chmod = lfs_chmod, .utimens = lfs_utimens, .statfs = lfs_statfs, .fallocate = lfs_fallocate,
};

int main(int argc, char *argv[]) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s LOWER STATE MOUNTPOINT [fuse options]\n", argv[0]);
        return 2;
    }
    if (!realpath(argv[1], lower) || !realpath(argv[2], state)) { perror("realpath"); return 2; }
    argv[2] = argv[0];
    return fuse_main(argc - 2, argv + 2, &ops, NULL);
}
