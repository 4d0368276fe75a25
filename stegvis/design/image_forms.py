"""The design tool's image form: a damaged image is a form error, not a server error."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    """Wagtail reads an image's header on open but its pixels only when counting them; a file
    whose header is valid and whose body is not then raises OSError there (a 500)."""

    def check_image_pixel_size(self, f) -> None:
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError and more.
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class DesignImageForm(BaseImageForm):
    file = CheckedImageField(label=_("File"))
