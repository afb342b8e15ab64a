//! S3 reads for exports and imports: ListObjectsV2 and a streamed GetObject.

use super::AwsBackend;
use crate::backend::{BackendResult, ObjectBody};
use crate::domain::S3Object;

pub(super) async fn list(
    b: &AwsBackend,
    bucket: &str,
    prefix: &str,
) -> BackendResult<Vec<S3Object>> {
    let call = b.call("s3:ListBucket", format!("S3 bucket {bucket}"));
    let mut objects = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out =
            b.s3.list_objects_v2()
                .bucket(bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| call.map(e))?;
        for o in out.contents() {
            if let Some(key) = o.key() {
                objects.push(S3Object {
                    key: key.to_owned(),
                    size: o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                });
            }
        }
        match out.next_continuation_token() {
            Some(next) if out.is_truncated() == Some(true) => token = Some(next.to_owned()),
            _ => break,
        }
    }
    Ok(objects)
}

pub(super) async fn open(b: &AwsBackend, bucket: &str, key: &str) -> BackendResult<ObjectBody> {
    let call = b.call("s3:GetObject", format!("s3://{bucket}/{key}"));
    let out =
        b.s3.get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| call.map(e))?;
    Ok(Box::pin(out.body.into_async_read()))
}
