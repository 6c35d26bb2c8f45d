def _pending(*a, **k):
    raise NotImplementedError
petition_list = petition_list_csv = petition_list_json = petition_create = petition_mine = petition_detail = petition_edit = petition_invite = petition_withdraw = petition_cosponsor = petition_sign = petition_unsign = petition_flag = petition_appeal = petition_chart_svg = petition_csv = petition_json = _pending
