//! The folder being replaced, as a source of files for the new one: a file
//! of the new folder whose bytes are those of the old folder's file of the
//! same name is that file, hard-linked into the staging folder, not
//! written again (nor synced: its bytes are on disk already).
//!
//! Each file is compared as it is made, byte for byte with the old one, so
//! nothing is rendered twice and nothing is written while the two agree;
//! at the first byte that differs the file is started in the staging
//! folder with the part they share (copied by the kernel) and goes on as
//! any file. A file the old folder lacks is written from its first byte.
//! Where a link cannot be made (another file system, a file system without
//! them, too many links), the old file is copied instead.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags, CWD};

/// The most bytes compared at a time (what a compared file holds in memory).
const CHUNK: usize = 16 << 10;

/// The folder being replaced, opened once (never through a symbolic link).
pub(super) struct Previous {
    dir: File,
}

impl Previous {
    /// The folder `dir`, when it is one that can be opened.
    pub(super) fn open(dir: &Path) -> Option<Previous> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(CWD, dir, flags, Mode::empty()).ok()?;
        Some(Previous {
            dir: File::from(fd),
        })
    }

    /// Its regular file `name`, when it has one.
    fn file(&self, name: &str) -> Option<File> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.dir, name, flags, Mode::empty()).ok()?;
        let file = File::from(fd);
        file.metadata().is_ok_and(|m| m.is_file()).then_some(file)
    }

    /// Links its file `name`, which must be `old` (the file compared), at
    /// `to`.
    ///
    /// # Errors
    /// No link can be made there, or the name now holds another file.
    fn link(&self, name: &str, old: &File, to: &Path) -> io::Result<()> {
        rustix::fs::linkat(&self.dir, name, CWD, to, AtFlags::empty())?;
        let (linked, compared) = (fs::symlink_metadata(to)?, old.metadata()?);
        if (linked.dev(), linked.ino()) == (compared.dev(), compared.ino()) {
            return Ok(());
        }
        // The name was given to another file meanwhile: not the bytes compared.
        fs::remove_file(to)?;
        Err(changed())
    }
}

/// The failure of a file of the old folder that changed while it was read.
fn changed() -> io::Error {
    io::Error::other(Changed)
}

/// A file of the old folder changed while it was read: said in the
/// language of whoever shows it (the file may be written on any thread).
#[derive(Debug)]
struct Changed;

impl std::fmt::Display for Changed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = crate::say!(
            "tệp của thư mục cũ đã thay đổi trong lúc được so sánh: hãy chạy lại",
            "the old folder's file changed while it was compared: run again"
        );
        std::fmt::Display::fmt(&said, f)
    }
}

impl std::error::Error for Changed {}

/// What a file of the staging folder is on disk once complete, to know it
/// unchanged later without reading it: its inode, length and time of last
/// change of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// The inode.
    pub(super) ino: u64,
    /// Its length in bytes.
    pub(super) len: u64,
    /// When its bytes were last written, in nanoseconds since 1970.
    pub(super) modified: i128,
}

impl Stamp {
    /// The stamp of what `meta` describes.
    pub(super) fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            ino: meta.ino(),
            len: meta.len(),
            modified: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        }
    }
}

/// A file of the staging folder being made: compared with the old
/// folder's file of the same name as long as it agrees with it, written
/// from the first byte that differs.
pub(super) struct Staged<'a> {
    /// Where it goes.
    path: PathBuf,
    /// Its name in both folders.
    name: String,
    previous: Option<&'a Previous>,
    /// The old file and how many of its first bytes this one repeats, while
    /// nothing is written.
    same: Option<(File, u64)>,
    /// The file written, once started.
    file: Option<File>,
    /// What the old file's bytes are read into to be compared.
    scratch: Vec<u8>,
}

impl<'a> Staged<'a> {
    /// The file `name` at `path` in the staging folder, compared with
    /// `previous`'s file of that name when it has one.
    ///
    /// # Errors
    /// The old folder has no such file, and the new one cannot be made.
    pub(super) fn create(
        path: PathBuf,
        name: &str,
        previous: Option<&'a Previous>,
    ) -> io::Result<Staged<'a>> {
        let same = previous.and_then(|p| p.file(name)).map(|old| (old, 0));
        let mut staged = Staged {
            path,
            name: name.to_string(),
            previous,
            same,
            file: None,
            scratch: Vec::new(),
        };
        if staged.same.is_none() {
            staged.start()?;
        }
        Ok(staged)
    }

    /// The file written, started when it is not yet, with the bytes the
    /// old file agreed on so far (copied from it).
    fn start(&mut self) -> io::Result<&mut File> {
        if self.file.is_none() {
            // As `Staging::write` makes its files: new, never through a
            // path that exists already.
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o666)
                .open(&self.path)?;
            if let Some((mut old, agreed)) = self.same.take() {
                old.seek(SeekFrom::Start(0))?;
                let copied = io::copy(&mut (&mut old).take(agreed), &mut file)?;
                if copied != agreed {
                    return Err(changed());
                }
            }
            self.file = Some(file);
        }
        self.file.as_mut().ok_or_else(changed)
    }

    /// Whether the old file's bytes from `at` on are `buf`.
    fn agrees(old: &File, at: u64, buf: &[u8], scratch: &mut Vec<u8>) -> io::Result<bool> {
        let mut at = at;
        for piece in buf.chunks(CHUNK) {
            scratch.resize(piece.len(), 0);
            match old.read_exact_at(scratch, at) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
                Err(e) => return Err(e),
            }
            if scratch.as_slice() != piece {
                return Ok(false);
            }
            at += piece.len() as u64;
        }
        Ok(true)
    }

    /// Completes the file: the old one linked when every byte agreed and
    /// it has no more, else the new one synced; its stamp.
    ///
    /// # Errors
    /// The file cannot be written or synced.
    pub(super) fn close(mut self) -> io::Result<Stamp> {
        if let (Some((old, agreed)), Some(previous)) = (&self.same, self.previous) {
            if old.metadata()?.len() == *agreed
                && previous.link(&self.name, old, &self.path).is_ok()
            {
                return Ok(Stamp::of(&old.metadata()?));
            }
        }
        // Not linked: the old file is longer, or the link failed.
        let file = self.start()?;
        file.sync_all()?;
        Ok(Stamp::of(&file.metadata()?))
    }
}

impl Write for Staged<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if let Some((old, agreed)) = &mut self.same {
            if Staged::agrees(old, *agreed, buf, &mut self.scratch)? {
                *agreed += buf.len() as u64;
                return Ok(());
            }
        }
        self.start()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the old file cannot be linked (here: on another file system),
    /// it is copied.
    #[test]
    fn where_no_link_can_be_made_the_old_file_is_copied() {
        let Ok(old) = tempfile::tempdir_in("/dev/shm") else {
            eprintln!("skipped: no /dev/shm");
            return;
        };
        let new = tempfile::tempdir().unwrap();
        let device = |p: &Path| fs::metadata(p).unwrap().dev();
        if device(old.path()) == device(new.path()) {
            eprintln!("skipped: /dev/shm is on the file system of the temporary folder");
            return;
        }
        fs::write(old.path().join("a.ics"), "same bytes").unwrap();
        let previous = Previous::open(old.path()).unwrap();
        let to = new.path().join("a.ics");
        let mut staged = Staged::create(to.clone(), "a.ics", Some(&previous)).unwrap();
        staged.write_all(b"same ").unwrap();
        staged.write_all(b"bytes").unwrap();
        staged.close().unwrap();
        assert_eq!(fs::read_to_string(&to).unwrap(), "same bytes");
        assert_ne!(
            fs::metadata(&to).unwrap().ino(),
            fs::metadata(old.path().join("a.ics")).unwrap().ino()
        );
    }
}
