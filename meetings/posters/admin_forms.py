from django import forms

from ..models import Format, Meeting


class PosterSyncForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.filter(
            format__in=[Format.VIRTUAL, Format.HYBRID], abstract_call__isnull=False
        ).order_by("-start_date"),
        help_text="A virtual or hybrid meeting with a call for abstracts. Each accepted poster "
        "abstract whose decision is released gets a poster, once; posters of withdrawn "
        "abstracts leave the gallery.",
    )
