"""People: users (verified by e-mail, able to sign in) and staff roles on a territory."""

import factory
from allauth.account.models import EmailAddress

from participation.models import Territory, User, VerificationLevel
from participation.services.roles import staff_role_grant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.uz")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """Users can sign in only with a confirmed address (mandatory verification)."""
        if create:
            user.save()
            if extracted is not False:
                EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class ResidentFactory(UserFactory):
    """A resident verified by e-mail; give ``home_territory`` (a mahalla)."""

    verification_level = VerificationLevel.EMAIL


def staff_member(role: str, territory: Territory, **user_fields) -> User:
    """A person holding ``role`` on ``territory``, granted through the roles service (so the
    Wagtail groups and page permissions follow, as in production)."""
    user = UserFactory(**user_fields)
    staff_role_grant(user=user, territory=territory, role=role, granted_by=None)
    return user
