import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the administrator if there is none. The password comes from ADMIN_PASSWORD, "
        "or is generated and printed once; with ADMIN_PASSWORD set, an existing "
        "administrator's password is reset to it."
    )

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD", "")
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Administrator {username!r}: password set from ADMIN_PASSWORD.")
            else:
                self.stdout.write(f"Administrator {username!r} exists.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username,
            email=os.environ.get("ADMIN_EMAIL", f"{username}@localhost"),
            password=password,
        )
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created administrator {username!r} with password: {password}\n"
                    "It is shown only this once. To choose another, run again with "
                    "ADMIN_PASSWORD=... set."
                )
            )
        else:
            self.stdout.write(f"Created administrator {username!r} (password from ADMIN_PASSWORD).")
