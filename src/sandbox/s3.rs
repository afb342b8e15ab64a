//! The sandbox's S3: buckets of objects held in the world (and so saved
//! with it), read as AWS's ListObjectsV2 and GetObject read them. Only the
//! sandbox itself writes here (its exports, and tests through
//! `Sandbox::put_object`): the console never writes to S3.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Sandbox, lock};
use crate::backend::{BackendError, BackendResult, ObjectBody};
use crate::domain::{S3Object, check_bucket};

/// The seeded bucket exports go to.
pub const EXPORT_BUCKET: &str = "dynamo-dr-exports-111122223333";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimBucket {
    /// Key to body.
    pub objects: BTreeMap<String, Vec<u8>>,
}

fn no_bucket(bucket: &str) -> BackendError {
    BackendError::not_found(format!("S3 bucket {bucket}"))
}

pub(super) fn list(sb: &Sandbox, bucket: &str, prefix: &str) -> BackendResult<Vec<S3Object>> {
    let now = sb.now();
    let world = sb.settled();
    let b = world.buckets.get(bucket).ok_or_else(|| no_bucket(bucket))?;
    let mut out: Vec<S3Object> = b
        .objects
        .range(prefix.to_owned()..)
        .take_while(|(k, _)| k.starts_with(prefix))
        .map(|(k, v)| S3Object {
            key: k.clone(),
            size: v.len() as u64,
        })
        .collect();
    // Exports' data files, made when read (`exports.rs`).
    out.extend(super::exports::virtual_list(&world, bucket, prefix, now));
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

pub(super) fn open(sb: &Sandbox, bucket: &str, key: &str) -> BackendResult<ObjectBody> {
    let now = sb.now();
    let made = super::exports::virtual_file(&sb.settled(), bucket, key, now);
    if let Some((data, derived, segment, total)) = made {
        // Made outside the lock: a big file never blocks the console.
        let body = super::exports::make_file(data, derived.as_ref(), segment, total)?;
        return Ok(Box::pin(std::io::Cursor::new(body)));
    }
    let world = lock(&sb.world);
    let b = world.buckets.get(bucket).ok_or_else(|| no_bucket(bucket))?;
    let body = b
        .objects
        .get(key)
        .ok_or_else(|| BackendError::not_found(format!("s3://{bucket}/{key}")))?
        .clone();
    Ok(Box::pin(std::io::Cursor::new(body)))
}

impl Sandbox {
    /// Creates a bucket (nothing happens if it exists).
    pub fn create_bucket(&self, bucket: &str) -> BackendResult<()> {
        check_bucket(bucket).map_err(|e| BackendError::Invalid(e.to_string()))?;
        let mut world = self.begin()?;
        world.buckets.entry(bucket.to_owned()).or_default();
        world.commit()
    }

    /// Writes one object into an existing bucket.
    pub fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> BackendResult<()> {
        let mut world = self.begin()?;
        world
            .buckets
            .get_mut(bucket)
            .ok_or_else(|| no_bucket(bucket))?
            .objects
            .insert(key.to_owned(), body);
        world.commit()
    }
}
