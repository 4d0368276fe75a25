"""A form's POST that asks a service to act: the one flow the clinic's action views share.

A valid form calls the service with the form's fields; a refusal by the service (ValidationError)
is shown on the form, so the view re-renders its page with what was typed; a success is said
with a message, and the view redirects. Each view keeps its own page, message and redirect.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest


def above_the_fields(form: Form, error: ValidationError) -> None:
    """Show the refusal above the form's fields (the default)."""
    form.add_error(None, error)


def on_the_named_fields(form: Form, error: ValidationError) -> None:
    """Show each of the refusal's messages at the field it names, the rest above the fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def as_plain_messages(form: Form, error: ValidationError) -> None:
    """Show the refusal's messages above the fields, whatever field the service named."""
    form.add_error(None, error.messages)


def submit(
    request: HttpRequest,
    form: Form,
    action: Callable[..., object],
    success: str = "",
    *,
    refused: Callable[[Form, ValidationError], None] = above_the_fields,
) -> object | None:
    """Call `action(**form.cleaned_data)` if `form` is valid, and return what it returned.

    None when the form is invalid or the service refused (the refusal goes on the form through
    `refused`); so `action` is a service that returns what it made or changed. On success
    `success`, if given, is shown to the user.
    """
    if not form.is_valid():
        return None
    try:
        done = action(**form.cleaned_data)
    except ValidationError as error:
        refused(form, error)
        return None
    if success:
        messages.success(request, success)
    return done
