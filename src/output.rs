//! Writing outputs so that nobody ever reads half of one.
//!
//! A file named with `-o` is written to a temporary file beside it and renamed
//! over it only once complete, so a web server or a subscriber that reads it
//! meanwhile gets the old version or the new one, never a mix; a failure
//! leaves the old file untouched and no temporary file behind.
//!
//! Temporary files (`.castcal-tmp-` and twelve random letters or digits) and
//! the staging folders of `build` (`.castcal-staging-…`) are created
//! exclusively, never through a path that exists already (a planted symbolic
//! link included), and the run that makes one holds an advisory lock (`flock`)
//! on it until it is done with it. That is how what a killed run left behind is
//! told from what a running one is writing: each write removes, in the folder
//! it writes to, castcal's own leftovers that no process holds, and nothing
//! else (see `remove_leftovers`).

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::{flock, AtFlags, FileType, FlockOperation, Mode, OFlags};
use tempfile::{Builder, NamedTempFile};

use crate::error::Error;

/// The file that marks a folder as written by `castcal build`; a folder
/// without it is never replaced, and a leftover without it never removed.
pub use crate::files::MARKER;

/// How the name of a temporary file starts.
pub(crate) const TEMP_PREFIX: &str = ".castcal-tmp-";
/// How the name of a staging folder of `build` starts.
pub(crate) const STAGING_PREFIX: &str = ".castcal-staging-";
/// Random letters and digits after the prefix (62^12 names: none can be
/// planted in advance, and a name that is taken is simply skipped).
const RANDOM_CHARS: usize = 12;
/// Fresh names tried before giving up when each one was locked by another
/// process the moment it was made.
const ATTEMPTS: usize = 16;

/// A file being written; it appears at its path only on [`AtomicFile::commit`].
/// Dropped without a commit, it disappears.
pub struct AtomicFile {
    path: PathBuf,
    dir: PathBuf,
    writer: Option<BufWriter<NamedTempFile>>,
}

impl AtomicFile {
    /// Starts writing `path` (through a hidden temporary file in the same
    /// folder), after removing what killed runs of castcal left there.
    ///
    /// # Errors
    /// The folder does not exist or cannot be written.
    pub fn create(path: &Path) -> Result<AtomicFile, Error> {
        if path.file_name().is_none() {
            let path = path.display();
            return Err(Error::Usage(
                crate::say!("{path} không phải tên một tệp", "{path} is not a file name")
                    .to_string(),
            ));
        }
        let dir = folder_of(path);
        remove_leftovers(&dir);
        let temp = new_temp(&dir).map_err(Error::output(path.to_path_buf()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            dir,
            writer: Some(BufWriter::with_capacity(1 << 16, temp)),
        })
    }

    /// Flushes, syncs and renames the file into place, then syncs its folder.
    ///
    /// # Errors
    /// Any write, sync or rename failure; the old file, if any, is left as it was.
    pub fn commit(mut self) -> Result<(), Error> {
        let fail = |source| Error::Output {
            path: self.path.clone(),
            source: without_name(source),
        };
        let Some(writer) = self.writer.take() else {
            return Err(fail(io::Error::other("file already committed")));
        };
        let temp = writer.into_inner().map_err(|e| fail(e.into_error()))?;
        temp.as_file().sync_all().map_err(fail)?;
        // rename(2): replaces whatever is at the path, a symbolic link
        // included, and never writes through it.
        temp.persist(&self.path).map_err(|e| fail(e.error))?;
        sync_dir(&self.dir).map_err(fail)
    }
}

impl AtomicFile {
    /// As [`AtomicFile::commit`], but never replaces a file: when one is at
    /// the path (made meanwhile, too), nothing is written there and the
    /// error's source is of the kind [`io::ErrorKind::AlreadyExists`].
    ///
    /// # Errors
    /// As [`AtomicFile::commit`]; a file at the path.
    pub fn commit_new(mut self) -> Result<(), Error> {
        let fail = |source| Error::Output {
            path: self.path.clone(),
            source: without_name(source),
        };
        let Some(writer) = self.writer.take() else {
            return Err(fail(io::Error::other("file already committed")));
        };
        let temp = writer.into_inner().map_err(|e| fail(e.into_error()))?;
        temp.as_file().sync_all().map_err(fail)?;
        // link(2) or renameat2(RENAME_NOREPLACE): fails on any existing path.
        temp.persist_noclobber(&self.path)
            .map_err(|e| fail(e.error))?;
        sync_dir(&self.dir).map_err(fail)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf).map_err(without_name),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.write_all(buf).map_err(without_name),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush().map_err(without_name),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            // Without flushing what is buffered: the temporary file goes.
            let (temp, _) = writer.into_parts();
            drop(temp);
        }
    }
}

/// Writes `bytes` to `path` atomically, only when nothing is there: a file
/// that is there (or appears meanwhile) is never replaced, and the error's
/// source is then of the kind [`io::ErrorKind::AlreadyExists`]
/// ([`already_exists`] tells).
///
/// # Errors
/// As [`AtomicFile::create`] and [`AtomicFile::commit_new`].
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(Error::output(path.to_path_buf()))?;
    file.commit_new()
}

/// Replaces the file at `path` with `bytes` atomically (a temporary file
/// beside it, synced, renamed over it), keeping its permissions. A
/// symbolic link is followed: the file it leads to is replaced.
///
/// # Errors
/// The file is not there, or cannot be replaced; it is then left as it was.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let target = fs::canonicalize(path).map_err(Error::output(path.to_path_buf()))?;
    let permissions = fs::metadata(&target)
        .map_err(Error::output(path.to_path_buf()))?
        .permissions();
    let mut file = AtomicFile::create(&target)?;
    file.write_all(bytes)
        .map_err(Error::output(path.to_path_buf()))?;
    file.flush().map_err(Error::output(path.to_path_buf()))?;
    if let Some(writer) = &file.writer {
        writer
            .get_ref()
            .as_file()
            .set_permissions(permissions)
            .map_err(Error::output(path.to_path_buf()))?;
    }
    file.commit()
}

/// Whether `e` says that [`write_new`] found a file at its path.
pub fn already_exists(e: &Error) -> bool {
    matches!(e, Error::Output { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
}

/// Writes `bytes` to `path` atomically.
#[cfg(test)]
///
/// # Errors
/// As [`AtomicFile::create`] and [`AtomicFile::commit`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(Error::output(path.to_path_buf()))?;
    file.commit()
}

/// Writes what `write` writes where `-o` says: `None` or `-` is standard
/// output; a FIFO, a device or a socket (or a link to one, as
/// `/dev/stdout` is) is written into, never replaced; anything else is a
/// file, written atomically ([`AtomicFile`]). An existing file that may
/// not be written is refused, not replaced.
///
/// # Errors
/// A folder or a read-only file at `path`; any failure to write (for a
/// file, the old one is then left as it was).
pub fn write_to(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        return stream_stdout(|out| write(out));
    };
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::input(
                path,
                crate::say!(
                    "đây là một thư mục: hãy cho tên một tệp để ghi",
                    "this is a folder: give the name of a file to write"
                ),
            ))
        }
        Ok(m) if !m.is_file() => return write_into(path, write),
        Ok(m) => {
            // Read-only by its mode (whoever runs castcal, root included),
            // or to this user.
            let denied = rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_err_and(|e| {
                e == rustix::io::Errno::ACCESS
                    || e == rustix::io::Errno::ROFS
                    || e == rustix::io::Errno::PERM
            });
            if m.permissions().readonly() || denied {
                return Err(Error::input(
                    path,
                    crate::say!(
                        "tệp này chỉ được đọc, không được ghi, nên castcal không thay nó: \
                         hãy cho phép ghi hoặc cho tên một tệp khác",
                        "this file may not be written (read-only), so castcal does not replace it: \
                         make it writable or give another file"
                    ),
                ));
            }
        }
        Err(_) => {}
    }
    let mut file = AtomicFile::create(path)?;
    write(&mut file).map_err(Error::output(path.to_path_buf()))?;
    file.commit()
}

/// Writes into the stream at `path` (a FIFO, a device, a socket): opened
/// for writing as it is, never created, replaced or truncated; a reader
/// that goes away is no error.
fn write_into(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(libc_noctty())
        .open(path)
        .map_err(Error::output(path.to_path_buf()))?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// `O_NOCTTY`: a terminal named with `-o` does not become the process's own.
fn libc_noctty() -> i32 {
    // The bits of the flag as the platform defines it.
    i32::try_from(OFlags::NOCTTY.bits()).unwrap_or(0)
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
///
/// # Errors
/// Any other write failure.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Streams what `write` writes to standard output, buffered; a reader that
/// goes away (`| head`) is no error.
///
/// # Errors
/// [`Error::Output`] for any other failure to write.
pub fn stream_stdout(
    write: impl FnOnce(&mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<(), Error> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// The folder a file is in (`.` for a bare name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new temporary file in `dir`, locked by this process.
fn new_temp(dir: &Path) -> io::Result<NamedTempFile> {
    for _ in 0..ATTEMPTS {
        // O_CREAT|O_EXCL under a fresh random name, mode 0666 less the umask
        // (what the file will be published with).
        let temp = Builder::new()
            .prefix(TEMP_PREFIX)
            .rand_bytes(RANDOM_CHARS)
            .permissions(Permissions::from_mode(0o666))
            .tempfile_in(dir)
            .map_err(without_name)?;
        // Between its creation and the lock, another castcal cleaning the
        // folder may have taken it for a leftover: then it is gone (or still
        // locked by that cleaner), and a new name is tried.
        if !lock(temp.as_file()) {
            continue; // dropped: removed
        }
        if same_file(temp.path(), temp.as_file()) {
            return Ok(temp);
        }
        // Something else is at that name now: not ours to remove.
        let _ = temp.keep();
    }
    Err(io::Error::other(
        "every temporary file made was locked by another process",
    ))
}

/// A folder being filled before it is swapped into place: made exclusively,
/// locked by this process, and removed with what it holds when dropped
/// (after a swap, that is the old folder), its [`MARKER`] last.
pub(crate) struct Staging {
    path: PathBuf,
    lock: File,
}

impl Staging {
    /// Makes a new, empty staging folder in `parent`.
    ///
    /// # Errors
    /// `parent` cannot be written.
    pub(crate) fn create(parent: &Path) -> io::Result<Staging> {
        for _ in 0..ATTEMPTS {
            // mkdir(2): fails on any existing path; mode 0777 less the umask.
            let dir = Builder::new()
                .prefix(STAGING_PREFIX)
                .rand_bytes(RANDOM_CHARS)
                .permissions(Permissions::from_mode(0o777))
                .tempdir_in(parent)
                .map_err(without_name)?;
            let Ok(lock_file) = open_nofollow(dir.path(), true) else {
                let _ = dir.keep();
                continue;
            };
            // As for a temporary file: an empty staging folder is a leftover
            // to another castcal until it is locked, so it is checked to be
            // still there only once it is.
            if !lock(&lock_file) {
                continue; // dropped: removed
            }
            if same_file(dir.path(), &lock_file) {
                return Ok(Staging {
                    path: dir.keep(),
                    lock: lock_file,
                });
            }
            // Something else is at that name now: not ours to remove.
            let _ = dir.keep();
        }
        Err(io::Error::other(
            "every staging folder made was locked by another process",
        ))
    }

    /// Where the folder is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the file `name` (a plain name) into the folder, and syncs it.
    ///
    /// # Errors
    /// Any write failure, or a file of that name exists already.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o666)
            .open(self.path().join(name))?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    /// Syncs the folder itself (the names of what was written into it).
    ///
    /// # Errors
    /// The sync fails.
    pub(crate) fn sync(&self) -> io::Result<()> {
        ignore_unsupported(self.lock.sync_all())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // While the lock is still held (the fields are dropped after this).
        let _ = remove_staging(&self.path);
    }
}

/// Removes a staging folder and what it holds, its [`MARKER`] last: a run
/// killed meanwhile leaves a folder that the next run still knows for
/// castcal's.
///
/// Another castcal may be removing the same folder (the old one a swap left
/// is no longer locked): what is already gone is no failure.
fn remove_staging(path: &Path) -> io::Result<()> {
    let gone = |result: io::Result<()>| match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    };
    let entries = match fs::read_dir(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        // The entry's own type: a symbolic link is removed, never followed.
        if entry.file_type()?.is_dir() {
            gone(fs::remove_dir_all(entry.path()))?;
        } else {
            gone(fs::remove_file(entry.path()))?;
        }
    }
    gone(fs::remove_file(path.join(MARKER)))?;
    gone(fs::remove_dir(path))
}

/// The error of `tempfile` without the random name it appends (`… at path
/// ".castcal-tmp-…"`): messages stay the same from one run to the next, and
/// name the output the user asked for instead.
fn without_name(e: io::Error) -> io::Error {
    let text = e.to_string();
    match text.split_once(" at path ") {
        Some((message, _)) => io::Error::new(e.kind(), message.to_string()),
        None => e,
    }
}

/// Syncs a folder, so that a rename into it survives a crash.
///
/// # Errors
/// The folder cannot be opened or synced.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    ignore_unsupported(File::open(dir).and_then(|d| d.sync_all()))
}

/// Some file systems cannot sync a folder; that is no failure to write.
fn ignore_unsupported(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Takes this process's lock on a file it has just made; false when another
/// process holds it. On a file system without locks the file counts as
/// locked: [`remove_leftovers`] then never takes anything there for a leftover.
fn lock(file: &File) -> bool {
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::WOULDBLOCK,
    }
}

/// Whether `path` names, without following a link, the file open as `file`.
fn same_file(path: &Path, file: &File) -> bool {
    match (fs::symlink_metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Opens `path` for reading without following a symbolic link, and without
/// waiting (a FIFO planted there does not block).
fn open_nofollow(path: &Path, folder: bool) -> io::Result<File> {
    let mut flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    if folder {
        flags |= OFlags::DIRECTORY;
    }
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

/// Whether `name` is one castcal gives its temporary files or staging
/// folders: the prefix, then exactly [`RANDOM_CHARS`] ASCII letters or digits.
fn is_named(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() == RANDOM_CHARS && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// Removes from `dir` what killed runs of castcal left there: temporary files
/// and staging folders of castcal's names, owned by this user, not a symbolic
/// link, whose lock no process holds, and, for a folder, with the [`MARKER`]
/// file inside or empty. Anything else — another program's file, a look-alike
/// without the marker, a link, what a running castcal is writing — stays. Best effort: a leftover
/// that cannot be removed is left for the next run.
pub(crate) fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let owner = rustix::process::geteuid().as_raw();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if is_named(name, TEMP_PREFIX) {
            remove_if_left_over(&entry.path(), owner, false);
        } else if is_named(name, STAGING_PREFIX) {
            remove_if_left_over(&entry.path(), owner, true);
        }
    }
}

fn remove_if_left_over(path: &Path, owner: u32, folder: bool) {
    let Ok(seen) = fs::symlink_metadata(path) else {
        return;
    };
    let kind = if folder {
        seen.is_dir()
    } else {
        seen.is_file()
    };
    if !kind || seen.uid() != owner {
        return;
    }
    let Ok(file) = open_nofollow(path, folder) else {
        return;
    };
    if !matches!(file.metadata(), Ok(m) if m.dev() == seen.dev() && m.ino() == seen.ino()) {
        return;
    }
    let marked = folder
        && rustix::fs::statat(&file, MARKER, AtFlags::SYMLINK_NOFOLLOW)
            .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::RegularFile);
    // Held by a running castcal (or by anyone): not a leftover.
    if flock(&file, FlockOperation::NonBlockingLockExclusive).is_err() {
        return;
    }
    // Still the same file at that name now that it is locked (a writer
    // renames its temporary file away before it lets go of the lock).
    if !same_file(path, &file) {
        return;
    }
    let _ = if marked {
        remove_staging(path)
    } else if folder {
        // A run killed before it wrote the marker left the folder empty;
        // rmdir(2) removes nothing else.
        fs::remove_dir(path)
    } else {
        fs::remove_file(path)
    };
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The names in `dir`, sorted (also for `site`'s tests).
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn nothing_appears_until_commit_and_a_dropped_file_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.ics");
        fs::write(&path, "old").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        drop(f);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_file_never_replaces_one_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.docx");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"first").unwrap();
        f.commit_new().unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"second").unwrap();
        let e = f.commit_new().unwrap_err();
        let kind = match &e {
            Error::Output { source, .. } => source.kind(),
            other => panic!("{other:?}"),
        };
        assert_eq!(kind, io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(names(dir.path()), ["report.docx"]);
    }

    #[test]
    fn the_temporary_file_has_castcal_s_name_and_is_locked_while_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.ics");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new").unwrap();
        let seen = names(dir.path());
        let [temp] = seen.as_slice() else {
            panic!("{seen:?}");
        };
        assert!(is_named(temp, TEMP_PREFIX), "{seen:?}");
        let other = File::open(dir.path().join(temp)).unwrap();
        assert!(flock(&other, FlockOperation::NonBlockingLockExclusive).is_err());
        f.commit().unwrap();
        assert_eq!(names(dir.path()), ["all.ics"]);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_symbolic_link_at_the_path_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let path = dir.path().join("all.ics");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn names_are_told_apart_exactly() {
        assert!(is_named(".castcal-tmp-a1B2c3D4e5F6", TEMP_PREFIX));
        assert!(is_named(".castcal-staging-a1B2c3D4e5F6", STAGING_PREFIX));
        for name in [
            ".castcal-tmp-a1B2c3D4e5F",
            ".castcal-tmp-a1B2c3D4e5F67",
            ".castcal-tmp-a1B2c3D4e5F.",
            ".castcal-tmp-a1B2c3D4e5Fé",
            "castcal-tmp-a1B2c3D4e5F6",
            ".all.ics.1234.tmp",
        ] {
            assert!(!is_named(name, TEMP_PREFIX), "{name}");
        }
    }

    #[test]
    fn leftovers_go_and_everything_else_stays() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // What a killed run leaves: an unlocked temporary file, a marked
        // staging folder, an empty one (killed before the marker).
        fs::write(d.join(".castcal-tmp-aaaaaaaaaaaa"), "half").unwrap();
        fs::create_dir(d.join(".castcal-staging-bbbbbbbbbbbb")).unwrap();
        fs::write(d.join(".castcal-staging-bbbbbbbbbbbb").join(MARKER), "").unwrap();
        fs::write(d.join(".castcal-staging-bbbbbbbbbbbb/all.ics"), "half").unwrap();
        fs::create_dir(d.join(".castcal-staging-jjjjjjjjjjjj")).unwrap();
        // What must stay.
        fs::write(d.join(".castcal-tmp-short"), "mine").unwrap();
        fs::create_dir(d.join(".castcal-staging-cccccccccccc")).unwrap();
        fs::write(d.join(".castcal-staging-cccccccccccc/notes.txt"), "mine").unwrap();
        fs::create_dir(d.join(".castcal-tmp-dddddddddddd")).unwrap();
        let live = File::create(d.join(".castcal-tmp-eeeeeeeeeeee")).unwrap();
        flock(&live, FlockOperation::LockExclusive).unwrap();
        fs::create_dir(d.join(".castcal-staging-ffffffffffff")).unwrap();
        fs::write(d.join(".castcal-staging-ffffffffffff").join(MARKER), "").unwrap();
        let live_dir = File::open(d.join(".castcal-staging-ffffffffffff")).unwrap();
        flock(&live_dir, FlockOperation::LockExclusive).unwrap();
        let target = d.join("target");
        fs::create_dir(&target).unwrap();
        fs::write(target.join(MARKER), "").unwrap();
        fs::write(target.join("precious.txt"), "keep").unwrap();
        std::os::unix::fs::symlink(&target, d.join(".castcal-staging-gggggggggggg")).unwrap();
        std::os::unix::fs::symlink(
            target.join("precious.txt"),
            d.join(".castcal-tmp-hhhhhhhhhhhh"),
        )
        .unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            d.join(".castcal-tmp-iiiiiiiiiiii"),
            FileType::Fifo,
            Mode::RUSR | Mode::WUSR,
            0,
        )
        .unwrap();

        remove_leftovers(d);
        assert_eq!(
            names(d),
            [
                ".castcal-staging-cccccccccccc",
                ".castcal-staging-ffffffffffff",
                ".castcal-staging-gggggggggggg",
                ".castcal-tmp-dddddddddddd",
                ".castcal-tmp-eeeeeeeeeeee",
                ".castcal-tmp-hhhhhhhhhhhh",
                ".castcal-tmp-iiiiiiiiiiii",
                ".castcal-tmp-short",
                "target",
            ]
        );
        assert_eq!(names(&target), [MARKER, "precious.txt"]);
        assert_eq!(
            fs::read_to_string(target.join("precious.txt")).unwrap(),
            "keep"
        );
        // Once their locks are let go, the live ones are leftovers too.
        drop((live, live_dir));
        remove_leftovers(d);
        assert!(!d.join(".castcal-tmp-eeeeeeeeeeee").exists());
        assert!(!d.join(".castcal-staging-ffffffffffff").exists());
    }

    #[test]
    fn a_write_never_removes_another_write_s_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one.ics");
        let two = dir.path().join("two.ics");
        let mut first = AtomicFile::create(&one).unwrap();
        first.write_all(b"1").unwrap();
        // Created while the first is being written: it cleans the folder.
        write_atomic(&two, b"2").unwrap();
        first.commit().unwrap();
        assert_eq!(fs::read_to_string(&one).unwrap(), "1");
        assert_eq!(names(dir.path()), ["one.ics", "two.ics"]);
    }

    #[test]
    fn a_staging_folder_is_locked_and_goes_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(dir.path()).unwrap();
        staging.write(MARKER, b"").unwrap();
        staging.write("all.ics", b"x").unwrap();
        assert!(staging.write("all.ics", b"y").is_err(), "written twice");
        staging.sync().unwrap();
        remove_leftovers(dir.path());
        assert!(
            staging.path().join("all.ics").exists(),
            "a live one removed"
        );
        let path = staging.path().to_path_buf();
        assert!(is_named(
            path.file_name().unwrap().to_str().unwrap(),
            STAGING_PREFIX
        ));
        drop(staging);
        assert!(!path.exists());
    }
}
