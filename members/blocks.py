"""The structured content of the membership page: one block per membership type."""

from wagtail import blocks


class MembershipTypeBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=100, help_text="E.g. 'Full members'.")
    who_can_join = blocks.TextBlock(help_text="Who may apply for this type, in a sentence or two.")
    entitlements = blocks.ListBlock(
        blocks.CharBlock(max_length=255),
        help_text="What members of this type get, one point per item.",
    )
    votes = blocks.BooleanBlock(required=False, help_text="Tick if members of this type vote at the General Assembly.")
    fee_note = blocks.CharBlock(
        max_length=255, required=False, help_text="A short note on the fee, e.g. 'Set by the General Assembly'."
    )

    class Meta:
        icon = "group"
        template = "members/blocks/membership_type_block.html"
        description = "A type of membership: who can join, what it gives and whether it votes."
        preview_value = {
            "name": "Full members",
            "who_can_join": "Public or non-profit bodies that provide probation.",
            "entitlements": ["A vote at the General Assembly", "Members' prices for CEP events"],
            "votes": True,
            "fee_note": "",
        }


class MembershipTypesBlock(blocks.StreamBlock):
    membership_type = MembershipTypeBlock()
