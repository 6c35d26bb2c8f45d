import factory
from allauth.account.models import EmailAddress

from participation.models import User


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
