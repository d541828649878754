"""Limits on what an upload may cost the server, applied while the request is read.

Django keeps every uploaded file whole (in memory or in a temporary file) before any form sees
it, so a size check in a form comes after the cost. The handler here, first in
FILE_UPLOAD_HANDLERS, counts each file's bytes as they arrive: past FILE_MAX_BYTES it keeps
nothing more, and the form receives an empty stand-in that still reports the size sent, so the
form's own size check says, in place, "the file is 14.2 MB; the limit is 10 MB". A multipart
body larger than REQUEST_MAX_BYTES is refused (400) before its first byte is parsed.

The front proxy should refuse larger bodies still earlier: see README, "Limits on input"."""

import io

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

MB = 1024 * 1024
# The largest file any form takes (an award document or letter: 10 MB).
FILE_MAX_BYTES = 10 * MB
# The largest form with files: an award draft with its five kinds of document, plus its text.
REQUEST_MAX_BYTES = 5 * FILE_MAX_BYTES + 5 * MB


class TooLargeUpload(UploadedFile):
    """What the form gets for a file sent past FILE_MAX_BYTES: its name and the size that was
    sent, and no content (nothing past the limit was kept)."""

    def __init__(self, *, name, content_type, size, charset, content_type_extra):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class SizeLimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > REQUEST_MAX_BYTES:
            raise RequestDataTooBig(
                f"A form with files may send at most {REQUEST_MAX_BYTES // MB} MB "
                f"({content_length} bytes sent)."
            )
        return None  # the usual parsing goes on

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.over_limit = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > FILE_MAX_BYTES:
            self.over_limit = True
        # Past the limit the later handlers receive nothing more, so nothing more is kept.
        return None if self.over_limit else raw_data

    def file_complete(self, file_size):
        if not self.over_limit:
            return None  # the next handler hands over the file it kept
        return TooLargeUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
