from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from members.selectors import member_is_active

from .exceptions import ResearchNewsError
from .research_forms import ResearchNewsForm
from .selectors import research_news_of
from .services import research_news_submit


@login_required
def research_news_index(request):
    """Active members share a paper and follow what became of what they shared."""
    is_member = member_is_active(user=request.user)
    form = None
    if is_member:
        form = ResearchNewsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                research_news_submit(member=request.user, **form.cleaned_data)
            except ResearchNewsError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(
                    request,
                    "Thank you: your research news is sent. "
                    "We will email you when it is published.",
                )
                return redirect("research_news:index")
    return render(
        request,
        "news/research/index.html",
        {
            "form": form,
            "is_member": is_member,
            "submissions": research_news_of(member=request.user),
        },
        status=403 if request.method == "POST" and not is_member else 200,
    )
