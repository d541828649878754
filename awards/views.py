from django.http import Http404


def _pending(*args, **kwargs):
    raise Http404


program_list = program_detail = apply = nominate = application_list = _pending
application_edit = document_download = letter_upload = review_list = review_edit = _pending
